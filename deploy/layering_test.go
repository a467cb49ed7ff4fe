package deploy

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"strings"
	"testing"
)

// The layering rules of the module (docs/store-layout.md, STYLE.md), checked
// on the packages as built (test files aside: tests may run a function on
// every store backend):
//
//   - functions reach storage only through the repository: no package
//     under functions/ imports shared/kv or a package below it;
//   - one package owns the table's key layout: under shared/ and
//     functions/, only the store itself (shared/kv/...), its one user
//     (shared/order/orderstore/...) and the wiring import shared/kv;
//   - domain packages do not depend on the wiring: no package under
//     shared/ but the wiring depends, even indirectly, on functions/ or
//     shared/app.
const (
	kvPkg        = module + "/shared/kv"
	functionsDir = module + "/functions/"
	sharedDir    = module + "/shared/"
)

// wiring are the packages that build everything from the environment: they
// may open stores and reach every other package.
var wiring = []string{module + "/shared/app"}

// storeOwners may import shared/kv: the store and the repository.
var storeOwners = []string{kvPkg, module + "/shared/order/orderstore"}

// pendingExceptions are known breaches being removed, each with what
// removes it; the test fails once one is no longer needed, so that the
// list only shrinks. It is empty: keep it so.
var pendingExceptions = map[string]string{}

// pkg is what the rules need of `go list -json`.
type pkg struct {
	ImportPath string
	Imports    []string
	Deps       []string
}

func TestFunctionsReachStorageOnlyThroughTheRepository(t *testing.T) {
	for _, p := range listModule(t) {
		if !strings.HasPrefix(p.ImportPath, functionsDir) {
			continue
		}
		for _, imp := range p.Imports {
			if under(imp, kvPkg) {
				t.Errorf("%s imports %s: reach storage through shared/order/orderstore", p.ImportPath, imp)
			}
		}
	}
}

func TestOnlyTheRepositoryWritesIntoTheTable(t *testing.T) {
	checkRule(t, func(p pkg) []string {
		if !inLayers(p.ImportPath) || underAny(p.ImportPath, storeOwners) || underAny(p.ImportPath, wiring) {
			return nil
		}
		return matching(p.Imports, func(imp string) bool { return under(imp, kvPkg) })
	}, "imports %s: only shared/order/orderstore builds keys of the table (its keys.go)")
}

func TestDomainPackagesDoNotDependOnTheWiring(t *testing.T) {
	checkRule(t, func(p pkg) []string {
		if !strings.HasPrefix(p.ImportPath, sharedDir) || underAny(p.ImportPath, wiring) {
			return nil
		}
		return matching(p.Deps, func(dep string) bool {
			return strings.HasPrefix(dep, functionsDir) || underAny(dep, wiring)
		})
	}, "depends on %s: only the wiring may; take what it needs as a dependency instead")
}

// checkRule reports every package that breaks the rule (breaches returns
// what it reaches that it must not), honouring pendingExceptions and
// failing on those no longer needed.
func checkRule(t *testing.T, breaches func(pkg) []string, msg string) {
	t.Helper()
	for _, p := range listModule(t) {
		bad := breaches(p)
		if by, ok := pendingExceptions[p.ImportPath]; ok {
			if len(bad) == 0 {
				t.Errorf("%s keeps this rule now (%s is gone?): remove it from pendingExceptions", p.ImportPath, by)
			}
			continue
		}
		for _, b := range bad {
			t.Errorf("%s "+msg, p.ImportPath, b)
		}
	}
}

var listed []pkg

// listModule is `go list -json ./...` of the module, run once.
func listModule(t *testing.T) []pkg {
	t.Helper()
	if listed != nil {
		return listed
	}
	cmd := exec.Command("go", "list", "-json=ImportPath,Imports,Deps", "./...")
	cmd.Dir = ".."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p pkg
		err := dec.Decode(&p)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("go list output: %v", err)
		}
		listed = append(listed, p)
	}
	if len(listed) == 0 {
		t.Fatal("go list listed no packages")
	}
	return listed
}

func inLayers(path string) bool {
	return strings.HasPrefix(path, sharedDir) || strings.HasPrefix(path, functionsDir)
}

// under reports whether path is the package root or one below it.
func under(path, root string) bool { return path == root || strings.HasPrefix(path, root+"/") }

func underAny(path string, roots []string) bool {
	for _, r := range roots {
		if under(path, r) {
			return true
		}
	}
	return false
}

func matching(paths []string, keep func(string) bool) []string {
	var out []string
	for _, p := range paths {
		if keep(p) {
			out = append(out, p)
		}
	}
	return out
}
