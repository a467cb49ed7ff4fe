package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/events/eventstest"
	"github.com/ordercenter/ordercenter/shared/secrets"
	"github.com/ordercenter/ordercenter/shared/secrets/secretstest"
)

// On a cluster of three, create-streams takes its replicas from
// NATS_STREAM_REPLICAS and its servers from NATS_URL, as the setup Job
// gives them.
func TestCreateStreamsReplicasFromTheEnvironment(t *testing.T) {
	if testing.Short() {
		t.Skip("a cluster of three servers: not in -short")
	}
	cluster := eventstest.StartCluster(t, 3)
	vars := map[string]string{"NATS_URL": cluster.URL(), "NATS_STREAM_REPLICAS": "3", "SECRETS_DIR": t.TempDir()}
	code, stdout, stderr := call(t, vars, "create-streams")
	if code != 0 || !strings.Contains(stdout, "stream ORDER_EVENTS: subjects [orders.events.>], replicas 3") {
		t.Fatalf("exit %d: %s %s", code, stdout, stderr)
	}
	js := cluster.Nodes[1].JetStream(cluster.Nodes[1].Connect())
	for _, name := range []string{events.Stream, events.DeadLetter} {
		s, err := js.Stream(context.Background(), name)
		if err != nil || s.CachedInfo().Config.Replicas != 3 || len(s.CachedInfo().Cluster.Replicas) != 2 {
			t.Errorf("stream %s: %v %+v; want 3 replicas", name, err, s)
		}
	}
}

// A password NATS refuses fails create-streams at once, naming the
// secrets, rather than waiting out its timeout.
func TestCreateStreamsRefusedCredentials(t *testing.T) {
	opts := &server.Options{Host: "127.0.0.1", Port: server.RANDOM_PORT, JetStream: true, StoreDir: t.TempDir(),
		NoLog: true, NoSigs: true, Username: "oc", Password: "right"}
	srv, err := server.NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	go srv.Start()
	if !srv.ReadyForConnections(10 * time.Second) {
		t.Fatal("nats server not ready")
	}
	t.Cleanup(srv.Shutdown)
	dir := secretstest.Dir(t, map[string]string{secrets.NATSUser: "oc", secrets.NATSPassword: "wrong"})
	start := time.Now()
	code, _, stderr := call(t, map[string]string{"NATS_URL": srv.ClientURL(), "SECRETS_DIR": dir}, "create-streams", "--timeout", "5m")
	if code != 1 || !strings.Contains(stderr, "refused the credentials (secrets nats-user and nats-password)") {
		t.Errorf("exit %d, stderr %q; want 1 naming the refused secrets", code, stderr)
	}
	if d := time.Since(start); d > time.Minute {
		t.Errorf("took %s: a refusal must not wait for the timeout", d)
	}
}
