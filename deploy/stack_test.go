package deploy

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/openfaas/go-sdk/stack"

	"github.com/ordercenter/ordercenter/shared/app"
	"github.com/ordercenter/ordercenter/shared/secrets"
)

const (
	stackFile = "../stack.yml"
	module    = "github.com/ordercenter/ordercenter"
	template  = "ordercenter-go"
)

// knownSecrets are the secrets of contract section 2, the project's own,
// and the optional ones (Redis's credentials).
var knownSecrets = append(secrets.Names(), secrets.Optional()...)

// knownEnv are the variables the functions read (package app's table),
// plus the Go runtime's and the of-watchdog's.
func knownEnv() []string {
	known := []string{"GOGC", "exec_timeout", "read_timeout", "write_timeout", "healthcheck_interval", "max_inflight"}
	for _, v := range app.Variables() {
		known = append(known, v.Name)
	}
	return known
}

func loadStack(t *testing.T) *stack.Services {
	t.Helper()
	services, err := stack.ParseYAMLFile(stackFile, "", "", true)
	if err != nil {
		t.Fatalf("parse %s: %v", stackFile, err)
	}
	return services
}

// Every folder under functions/ is declared, and every declared function
// builds from the project's template out of its own folder.
func TestEveryFunctionIsDeclared(t *testing.T) {
	services := loadStack(t)
	dirs, err := os.ReadDir("../functions")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if _, ok := services.Functions[d.Name()]; d.IsDir() && !ok {
			t.Errorf("functions/%s is not in stack.yml", d.Name())
		}
	}
	for name, fn := range services.Functions {
		if fn.Language != template || filepath.Clean(fn.Handler) != filepath.Join("functions", name) {
			t.Errorf("%s: lang %q handler %q, want %s from ./functions/%s", name, fn.Language, fn.Handler, template, name)
		}
		if fn.BuildArgs["FUNCTION_NAME"] != name {
			t.Errorf("%s: build_args FUNCTION_NAME %q, want its name (its logs and spans carry it)", name, fn.BuildArgs["FUNCTION_NAME"])
		}
		if !strings.Contains(fn.Image, "${REGISTRY") && !strings.Contains(fn.Image, "/"+name+":") {
			t.Errorf("%s: image %q, want <registry>/%s:<tag>", name, fn.Image, name)
		}
	}
}

func TestSecretsAndEnvironmentAreKnown(t *testing.T) {
	for name, fn := range loadStack(t).Functions {
		for _, s := range fn.Secrets {
			if !slices.Contains(knownSecrets, s) {
				t.Errorf("%s: unknown secret %q", name, s)
			}
		}
		for k := range fn.Environment {
			if !slices.Contains(knownEnv(), k) {
				t.Errorf("%s: unknown environment variable %q", name, k)
			}
		}
		if fn.Limits == nil || fn.Limits.Memory == "" || fn.Requests == nil || fn.Requests.Memory == "" {
			t.Errorf("%s: memory limit and request are required", name)
		}
	}
}

// The watchdog's max_inflight answers a plain-text 429: it must only be a
// backstop above the order center's own bound (docs/overload.md).
func TestMaxInflightIsABackstopAboveTheAdmissionBound(t *testing.T) {
	for name, fn := range loadStack(t).Functions {
		bound := app.DefaultMaxConcurrentCalls
		if v, ok := fn.Environment["MAX_CONCURRENT_CALLS"]; ok {
			bound, _ = strconv.Atoi(v)
		}
		inflight, err := strconv.Atoi(fn.Environment["max_inflight"])
		if err != nil || inflight <= bound {
			t.Errorf("%s: max_inflight %q, want a number above MAX_CONCURRENT_CALLS %d", name, fn.Environment["max_inflight"], bound)
		}
	}
}

// redisVariables name a Redis; a function given one uses Redis.
var redisVariables = []string{"REDIS_URL", "REDIS_CLUSTER_ADDRS", "REDIS_SENTINEL_ADDRS"}

// redisSecrets are the optional secrets of Redis (package redisclient).
var redisSecrets = []string{secrets.RedisUsername, secrets.RedisPassword, secrets.RedisCA, secrets.RedisSentinelPassword}

// Every function that uses Redis mounts its password (a deployed function
// refuses one in REDIS_URL), and no function that does not mounts a
// Redis secret.
func TestRedisFunctionsMountTheRedisPassword(t *testing.T) {
	for name, fn := range loadStack(t).Functions {
		uses := slices.ContainsFunc(redisVariables, func(v string) bool { _, ok := fn.Environment[v]; return ok })
		if uses != slices.Contains(fn.Secrets, secrets.RedisPassword) {
			t.Errorf("%s: uses Redis %v, mounts %s %v", name, uses, secrets.RedisPassword, !uses)
		}
		for _, s := range fn.Secrets {
			if !uses && slices.Contains(redisSecrets, s) {
				t.Errorf("%s: mounts %s without using Redis", name, s)
			}
		}
		if url := fn.Environment["REDIS_URL"]; strings.Contains(url, "@") {
			t.Errorf("%s: REDIS_URL %q holds credentials: they are secrets", name, url)
		}
	}
}

// Scheduled functions say when; event-driven ones subscribe to subjects of
// the events stream; every function says how it scales.
func TestAnnotationsAndLabels(t *testing.T) {
	for name, fn := range loadStack(t).Functions {
		ann := map[string]string{}
		if fn.Annotations != nil {
			ann = *fn.Annotations
		}
		for _, topic := range strings.Split(ann["topic"], ",") {
			topic = strings.TrimSpace(topic)
			if topic != "" && topic != "cron-function" && !strings.HasPrefix(topic, "orders.events.") {
				t.Errorf("%s: topic %q is neither cron-function nor an orders.events subject", name, topic)
			}
		}
		if strings.Contains(ann["topic"], "cron-function") && ann["schedule"] == "" {
			t.Errorf("%s: cron-function without a schedule", name)
		}
		labels := map[string]string{}
		if fn.Labels != nil {
			labels = *fn.Labels
		}
		for _, l := range []string{"com.openfaas.scale.min", "com.openfaas.scale.max", "com.openfaas.scale.zero"} {
			if labels[l] == "" {
				t.Errorf("%s: label %s missing", name, l)
			}
		}
	}
}

// A function may use only packages its build context holds: its own folder
// and what configuration.copy brings (shared/). This is what a broken
// context would fail on in `faas-cli build`.
func TestFunctionsDependOnlyOnCopiedPackages(t *testing.T) {
	services := loadStack(t)
	for name := range services.Functions {
		out, err := exec.Command("go", "list", "-deps", "../functions/"+name).Output()
		if err != nil {
			t.Fatalf("go list %s: %v", name, err)
		}
		own := module + "/functions/" + name
		for _, pkg := range strings.Fields(string(out)) {
			inModule := strings.HasPrefix(pkg, module+"/")
			if inModule && !strings.HasPrefix(pkg, module+"/shared/") && !strings.HasPrefix(pkg, own) {
				t.Errorf("%s depends on %s, which its build context does not hold", name, pkg)
			}
		}
	}
}
