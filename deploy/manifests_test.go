package deploy

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/ordercenter/ordercenter/shared/app"
)

// The manifests under deploy/ (docs/deploy.md, "Kubernetes" and "faasd").
// They cannot be applied here; these tests parse them and hold them to
// stack.yml and to the code.
const (
	k8sDir        = "kubernetes"
	composeFile   = "faasd/docker-compose.yaml"
	natsValues    = "kubernetes/nats-values.yaml"
	functionsNS   = "openfaas-fn"
	connectorName = "ordercenter-connector"
)

// doc is one YAML document, read loosely: the tests name the fields they
// check.
type doc map[string]any

// readDocs parses every document of a YAML file.
func readDocs(t *testing.T, path string) []doc {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var docs []doc
	dec := yaml.NewDecoder(bytes.NewReader(b))
	for {
		var d doc
		err := dec.Decode(&d)
		if errors.Is(err, io.EOF) {
			return docs
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if d != nil {
			docs = append(docs, d)
		}
	}
}

// at walks a document by keys (maps) and indexes (lists, as ints); nil
// when the path is not there.
func at(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(doc)
			if m == nil {
				mm, _ := v.(map[string]any)
				m = mm
			}
			v = m[k]
		case int:
			l, _ := v.([]any)
			if k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

func str(v any, path ...any) string { s, _ := at(v, path...).(string); return s }
func list(v any, path ...any) []any { l, _ := at(v, path...).([]any); return l }

// kubeObjects are the objects of the kustomization's resources, by
// "<Kind>/<name>".
func kubeObjects(t *testing.T) map[string]doc {
	t.Helper()
	objs := map[string]doc{}
	for _, r := range list(kustomization(t), "resources") {
		for _, d := range readDocs(t, filepath.Join(k8sDir, r.(string))) {
			if str(d, "apiVersion") == "" || str(d, "metadata", "name") == "" || str(d, "metadata", "namespace") == "" {
				t.Errorf("%s: an object without apiVersion, name or namespace: %v", r, d)
			}
			objs[str(d, "kind")+"/"+str(d, "metadata", "name")] = d
		}
	}
	return objs
}

func kustomization(t *testing.T) doc {
	t.Helper()
	return readDocs(t, filepath.Join(k8sDir, "kustomization.yaml"))[0]
}

// Every YAML file under deploy/ parses, and every file the kustomization
// names is one of them.
func TestManifestsParse(t *testing.T) {
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml")) {
			if len(readDocs(t, path)) == 0 {
				t.Errorf("%s: no document", path)
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	objs := kubeObjects(t)
	for _, want := range []string{"Deployment/" + connectorName, "ConfigMap/" + connectorName, "Job/ordercenter-setup"} {
		if objs[want] == nil {
			t.Errorf("kubernetes: %s missing", want)
		}
	}
}

// secretGenerated reports whether the kustomization generates the secret
// in the namespace, with one key named as the secret (its file name under
// SECRETS_DIR).
func secretGenerated(k doc, name, namespace string) bool {
	for _, g := range list(k, "secretGenerator") {
		files := list(g, "files")
		if str(g, "name") == name && str(g, "namespace") == namespace && len(files) == 1 &&
			files[0] == name+"=secrets/"+name {
			return true
		}
	}
	return false
}

// Every secret a function mounts is generated in the functions' namespace.
func TestKubernetesSecretsCoverStack(t *testing.T) {
	k := kustomization(t)
	for name, fn := range loadStack(t).Functions {
		for _, s := range fn.Secrets {
			if !secretGenerated(k, s, functionsNS) {
				t.Errorf("%s mounts %s, which deploy/kubernetes does not generate in %s", name, s, functionsNS)
			}
		}
	}
	if at(k, "generatorOptions", "disableNameSuffixHash") != true {
		t.Error("kustomization: generated secrets need their plain names (disableNameSuffixHash: true)")
	}
}

// connectorEnv is the connector's environment in the Kubernetes manifests:
// its ConfigMap and its container's own env.
func connectorEnv(t *testing.T, objs map[string]doc) map[string]string {
	t.Helper()
	env := map[string]string{}
	for k, v := range at(objs["ConfigMap/"+connectorName], "data").(doc) {
		env[k], _ = v.(string)
	}
	for _, e := range list(objs["Deployment/"+connectorName], "spec", "template", "spec", "containers", 0, "env") {
		env[str(e, "name")] = str(e, "value")
	}
	return env
}

// composeEnv is the connector's environment in faasd's compose file.
func composeEnv(t *testing.T) map[string]string {
	t.Helper()
	env := map[string]string{}
	for _, e := range list(readDocs(t, composeFile)[0], "services", connectorName, "environment") {
		k, v, _ := strings.Cut(e.(string), "=")
		env[k] = v
	}
	return env
}

// The connector reads only variables of package app's table, and gets
// those it cannot do without.
func TestConnectorEnvironmentIsKnown(t *testing.T) {
	var known []string
	for _, v := range app.Variables() {
		known = append(known, v.Name)
	}
	for where, env := range map[string]map[string]string{"kubernetes": connectorEnv(t, kubeObjects(t)), "faasd": composeEnv(t)} {
		for k := range env {
			if !slices.Contains(known, k) {
				t.Errorf("%s: the connector's %s is not a variable of shared/app", where, k)
			}
		}
		for _, k := range []string{"NATS_URL", "GATEWAY_URL", "SECRETS_DIR"} {
			if env[k] == "" {
				t.Errorf("%s: the connector needs %s", where, k)
			}
		}
	}
}
