package deploy

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/robfig/cron/v3"

	"github.com/ordercenter/ordercenter/shared/app"
	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/secrets"
)

// Annotations as cmd/internal/connector reads them (an internal package:
// its rules are repeated here, and its own tests hold it to them).
const (
	topicAnnotation    = "topic"
	scheduleAnnotation = "schedule"
	cronTopic          = "cron-function"
)

// natsReplicas is the JetStream cluster's size in the Helm values.
const natsReplicas = 3

// topicsAndSchedules are the subjects and schedules of stack.yml's
// functions, as the connector follows them.
func topicsAndSchedules(t *testing.T) (subjects map[string][]string, schedules map[string]string) {
	t.Helper()
	subjects, schedules = map[string][]string{}, map[string]string{}
	for name, fn := range loadStack(t).Functions {
		if fn.Annotations == nil {
			continue
		}
		ann := *fn.Annotations
		for _, s := range strings.Split(ann[topicAnnotation], ",") {
			switch s = strings.TrimSpace(s); s {
			case "":
			case cronTopic:
				schedules[name] = strings.TrimSpace(ann[scheduleAnnotation])
			default:
				subjects[name] = append(subjects[name], s)
			}
		}
	}
	return subjects, schedules
}

// subjectWithin reports whether every subject that sub matches is one
// that filter matches (both may hold NATS wildcards).
func subjectWithin(sub, filter string) bool {
	s, f := strings.Split(sub, "."), strings.Split(filter, ".")
	for i, ft := range f {
		if ft == ">" {
			return i < len(s)
		}
		if i >= len(s) || s[i] == ">" || (ft != "*" && (s[i] == "*" || s[i] != ft)) {
			return false
		}
	}
	return len(s) == len(f)
}

// Every subject a function subscribes to is kept by the events stream that
// ocadmin create-streams makes (else its consumer would read nothing).
func TestSubjectsAreInTheStreams(t *testing.T) {
	subjects, _ := topicsAndSchedules(t)
	streams := events.StreamConfigs(events.StreamOptions{Replicas: natsReplicas})
	for name, subs := range subjects {
		for _, sub := range subs {
			found := false
			for _, s := range streams {
				for _, f := range s.Subjects {
					found = found || (s.Name == events.Stream && subjectWithin(sub, f))
				}
			}
			if !found {
				t.Errorf("%s subscribes to %s, which stream %s does not keep", name, sub, events.Stream)
			}
		}
	}
	for _, c := range []struct {
		sub, filter string
		want        bool
	}{{"orders.events.>", "orders.events.>", true}, {"orders.events.order.paid", "orders.events.>", true},
		{"orders.events", "orders.events.>", false}, {"orders.*.x", "orders.events.>", false},
		{"orders.events.*", "orders.events.*", true}, {"orders.events.>", "orders.events.*", false}} {
		if got := subjectWithin(c.sub, c.filter); got != c.want {
			t.Errorf("subjectWithin(%s, %s) = %v", c.sub, c.filter, got)
		}
	}
}

// Every schedule is one the connector runs: five cron fields, UTC unless
// it names its zone. The connector that triggers them holds the signing
// key in both deployments.
func TestSchedulesAreRunByTheConnector(t *testing.T) {
	_, schedules := topicsAndSchedules(t)
	if len(schedules) == 0 {
		t.Fatal("no scheduled function in stack.yml: the sweeper is one")
	}
	for name, spec := range schedules {
		if !strings.HasPrefix(spec, "CRON_TZ=") && !strings.HasPrefix(spec, "TZ=") {
			spec = "CRON_TZ=UTC " + spec
		}
		if _, err := cron.ParseStandard(spec); err != nil {
			t.Errorf("%s: schedule %q: %v", name, spec, err)
		}
	}
	objs := kubeObjects(t)
	dir := connectorEnv(t, objs)["SECRETS_DIR"]
	pod := at(objs["Deployment/"+connectorName], "spec", "template", "spec")
	if str(pod, "containers", 0, "volumeMounts", 0, "mountPath") != dir {
		t.Errorf("kubernetes: the connector's secrets are not mounted at SECRETS_DIR %s", dir)
	}
	mounted := map[string]bool{}
	for _, src := range list(pod, "volumes", 0, "projected", "sources") {
		mounted[str(src, "secret", "name")] = true
	}
	if !mounted[secrets.EventSigningSecret] || !mounted["basic-auth"] {
		t.Errorf("kubernetes: the connector mounts %v, want %s and the gateway's basic-auth", mounted, secrets.EventSigningSecret)
	}
	if !secretGenerated(kustomization(t), secrets.EventSigningSecret, str(objs["Deployment/"+connectorName], "metadata", "namespace")) {
		t.Errorf("kubernetes: %s is not generated in the connector's namespace", secrets.EventSigningSecret)
	}
	drain, _ := time.ParseDuration(connectorEnv(t, objs)["CONNECTOR_DRAIN"])
	if grace, _ := at(pod, "terminationGracePeriodSeconds").(int); time.Duration(grace)*time.Second <= drain {
		t.Errorf("kubernetes: terminationGracePeriodSeconds %d, want above CONNECTOR_DRAIN %s", grace, drain)
	}
	targets := map[string]bool{}
	for _, v := range list(readDocs(t, composeFile)[0], "services", connectorName, "volumes") {
		targets[str(v, "target")] = true
	}
	for _, f := range []string{secrets.EventSigningSecret, "basic-auth-user", "basic-auth-password"} {
		if !targets[composeEnv(t)["SECRETS_DIR"]+"/"+f] {
			t.Errorf("faasd: the connector does not get %s in its SECRETS_DIR", f)
		}
	}
}

// The NATS Helm values make a JetStream cluster of natsReplicas servers
// with file storage, fsync'd on every write, and the Job creates the
// streams with as many replicas: fewer would leave a stream on servers
// whose loss loses it.
func TestNATSIsAJetStreamCluster(t *testing.T) {
	v := readDocs(t, natsValues)[0]
	js := at(v, "config", "jetstream")
	if at(js, "enabled") != true || at(js, "fileStore", "enabled") != true || at(js, "fileStore", "pvc", "enabled") != true {
		t.Errorf("nats values: JetStream with file storage on a volume, got %v", js)
	}
	if at(js, "memoryStore", "enabled") == true {
		t.Error("nats values: no memory store: events must outlive a restart")
	}
	if at(js, "merge", "sync_interval") != "always" {
		t.Errorf("nats values: config.jetstream.merge.sync_interval %v, want always (docs/deploy.md)", at(js, "merge", "sync_interval"))
	}
	if at(v, "config", "cluster", "enabled") != true || at(v, "config", "cluster", "replicas") != natsReplicas {
		t.Errorf("nats values: a cluster of %d, got %v", natsReplicas, at(v, "config", "cluster"))
	}
	objs := kubeObjects(t)
	job := objs["Job/ordercenter-setup"]
	var steps []string
	for _, key := range []string{"initContainers", "containers"} {
		for _, c := range list(job, "spec", "template", "spec", key) {
			args := list(c, "args")
			steps = append(steps, args[0].(string))
			if args[0] != "create-streams" {
				continue
			}
			env := map[string]string{}
			for k, v := range at(objs["ConfigMap/ordercenter-setup"], "data").(doc) {
				env[k], _ = v.(string)
			}
			var flags []string
			for _, a := range args[1:] {
				flags = append(flags, a.(string))
			}
			if got := streamReplicas(t, flags, env); got != natsReplicas {
				t.Errorf("setup job: create-streams %v makes streams of %d replicas on a cluster of %d", args[1:], got, natsReplicas)
			}
		}
	}
	if strings.Join(steps, ",") != "create-table,create-streams" {
		t.Errorf("setup job runs %v, want create-table then create-streams", steps)
	}
}

// streamReplicas is how many replicas `ocadmin create-streams args` makes
// in the environment env: its --replicas flag, else NATS_STREAM_REPLICAS,
// else the default (package app's table).
func streamReplicas(t *testing.T, args []string, env map[string]string) int {
	t.Helper()
	for i, a := range args {
		if v, ok := strings.CutPrefix(a, "--replicas="); ok {
			return atoi(t, v)
		}
		if a == "--replicas" && i+1 < len(args) {
			return atoi(t, args[i+1])
		}
	}
	cfg, err := app.LoadConfig(func(k string) string { return env[k] })
	if err != nil {
		t.Fatalf("setup job's environment: %v", err)
	}
	return cfg.NATSStreamReplicas
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("replicas %q: %v", s, err)
	}
	return n
}

// faasd's NATS is one server (no cluster: its streams keep one replica),
// reading the configuration the compose file mounts, which fsyncs every
// write; read with the server's own parser.
func TestFaasdNATSIsDurable(t *testing.T) {
	svc := at(readDocs(t, composeFile)[0], "services", "ordercenter-nats")
	cmd := list(svc, "command")
	if len(cmd) != 2 || cmd[0] != "-c" {
		t.Fatalf("faasd: ordercenter-nats runs %v, want -c <its configuration>", cmd)
	}
	mounted := map[string]string{}
	for _, v := range list(svc, "volumes") {
		mounted[str(v, "target")] = str(v, "source")
	}
	src := mounted[cmd[1].(string)]
	if src == "" {
		t.Fatalf("faasd: the configuration %v is not mounted", cmd[1])
	}
	opts, err := server.ProcessConfigFile(filepath.Join("faasd", filepath.Base(src)))
	if err != nil {
		t.Fatalf("faasd: %s: %v", src, err)
	}
	if !opts.JetStream || !opts.SyncAlways || mounted[opts.StoreDir] == "" {
		t.Errorf("faasd: JetStream %v, sync always %v, store %q (mounted %v); want JetStream on a mounted store, fsync'd on every write",
			opts.JetStream, opts.SyncAlways, opts.StoreDir, mounted)
	}
	if opts.Cluster.Port != 0 || len(opts.Routes) > 0 {
		t.Errorf("faasd: NATS is one server, its streams one replica (docs/deploy.md); the configuration makes a cluster")
	}
}
