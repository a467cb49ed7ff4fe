package deploy

import (
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// imagePattern is how stack.yml names every image; the manifests name the
// connector's and ocadmin's the same way (Kubernetes with the defaults
// spelled out, as kustomize has no variables).
const (
	imagePattern = "${REGISTRY:-ghcr.io/ordercenter}/%s:${TAG:-dev}"
	imageDefault = "ghcr.io/ordercenter/%s:dev"
)

func image(pattern, name string) string { return strings.Replace(pattern, "%s", name, 1) }

func TestImagesFollowTheStack(t *testing.T) {
	raw := readDocs(t, stackFile)[0] // as written: the parser substitutes
	for name := range at(raw, "functions").(doc) {
		if got := str(raw, "functions", name, "image"); got != image(imagePattern, name) {
			t.Errorf("stack.yml %s: image %q, want %q", name, got, image(imagePattern, name))
		}
	}
	objs := kubeObjects(t)
	for obj, want := range map[string]string{"Deployment/" + connectorName: "connector", "Job/ordercenter-setup": "ocadmin"} {
		spec := at(objs[obj], "spec", "template", "spec")
		for _, c := range append(list(spec, "initContainers"), list(spec, "containers")...) {
			if got := str(c, "image"); got != image(imageDefault, want) {
				t.Errorf("kubernetes %s: image %q, want %q", obj, got, image(imageDefault, want))
			}
		}
	}
	for _, i := range list(kustomization(t), "images") {
		name := strings.TrimPrefix(str(i, "name"), "ghcr.io/ordercenter/")
		if image(imageDefault, name) != str(i, "name")+":"+str(i, "newTag") || (name != "connector" && name != "ocadmin") {
			t.Errorf("kustomization: image %v, want ghcr.io/ordercenter/<name> at dev", i)
		}
	}
	got := str(readDocs(t, composeFile)[0], "services", connectorName, "image")
	if got != image(imagePattern, "connector") {
		t.Errorf("faasd: connector image %q, want %q", got, image(imagePattern, "connector"))
	}
}

// The functions publish where the connector reads: stack.yml's default
// NATS_URL is the Kubernetes connector's, the service nats-values.yaml
// names.
func TestOneNATS(t *testing.T) {
	objs := kubeObjects(t)
	want := connectorEnv(t, objs)["NATS_URL"]
	u, err := url.Parse(want)
	if err != nil || !strings.HasPrefix(u.Host, str(readDocs(t, natsValues)[0], "fullnameOverride")+".") {
		t.Errorf("kubernetes: the connector's NATS_URL %q is not the Helm release's service", want)
	}
	if got := at(objs["ConfigMap/ordercenter-setup"], "data", "NATS_URL"); got != want {
		t.Errorf("kubernetes: the setup job's NATS_URL %v, want %s", got, want)
	}
	raw := readDocs(t, stackFile)[0]
	for name := range at(raw, "functions").(doc) {
		env := str(raw, "functions", name, "environment", "NATS_URL")
		if env != "" && env != "${NATS_URL:-"+want+"}" {
			t.Errorf("stack.yml %s: NATS_URL %q, want the default %s", name, env, want)
		}
	}
	compose := readDocs(t, composeFile)[0]
	if u, _ := url.Parse(composeEnv(t)["NATS_URL"]); at(compose, "services", u.Hostname()) == nil {
		t.Errorf("faasd: the connector's NATS_URL names no service of the compose file")
	}
}

// The Dockerfile builds a static binary of cmd/$COMMAND on distroless as
// nonroot, and copies every package the two commands need.
func TestDockerfile(t *testing.T) {
	b, err := os.ReadFile("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	df := string(b)
	for _, want := range []string{"CGO_ENABLED=0", "go build", "./cmd/${COMMAND}", "USER nonroot:nonroot", "ENTRYPOINT"} {
		if !strings.Contains(df, want) {
			t.Errorf("Dockerfile: no %q", want)
		}
	}
	froms := regexp.MustCompile(`(?m)^FROM\s+(?:--platform=\S+\s+)?(\S+)`).FindAllStringSubmatch(df, -1)
	if len(froms) < 2 || froms[len(froms)-1][1] != "gcr.io/distroless/static-debian12:nonroot" {
		t.Errorf("Dockerfile: stages %v, want a build stage and distroless static nonroot last", froms)
	}
	copied := regexp.MustCompile(`(?m)^COPY\s+(\w+)\s+`).FindAllStringSubmatch(df, -1)
	for _, cmd := range []string{"connector", "ocadmin"} {
		out, err := exec.Command("go", "list", "-deps", "../cmd/"+cmd).Output()
		if err != nil {
			t.Fatalf("go list %s: %v", cmd, err)
		}
		for _, pkg := range strings.Fields(string(out)) {
			rel, ok := strings.CutPrefix(pkg, module+"/")
			if !ok {
				continue
			}
			in := false
			for _, c := range copied {
				in = in || strings.HasPrefix(rel, c[1]+"/")
			}
			if !in {
				t.Errorf("cmd/%s needs %s, which the Dockerfile does not copy", cmd, pkg)
			}
		}
	}
}
