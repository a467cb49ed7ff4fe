package main

import (
	"bytes"
	"context"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/ordercenter/ordercenter/shared/app"
	"github.com/ordercenter/ordercenter/shared/auth"
	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/events/eventstest"
	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/push/sandbox"
	"github.com/ordercenter/ordercenter/shared/redistest"
	"github.com/ordercenter/ordercenter/shared/secrets"
	"github.com/ordercenter/ordercenter/shared/secrets/secretstest"
)

// jwtKey signs the tokens of the tests.
var jwtKey = []byte("ocadmin-test-jwt-key-0123456789abcdef")

// world is what ocadmin runs against in a test: a real NATS server with
// the streams, the store, a real Redis, the sandbox push gateway, a
// secrets directory, and the environment naming them.
type world struct {
	nats  *eventstest.Server
	nc    *nats.Conn
	js    jetstream.JetStream
	store kv.Store
	push  *sandbox.Gateway
	vars  map[string]string
	// deps are the parts the functions of the test run on (same
	// configuration, same store, NATS and Redis).
	deps *app.Deps
}

func newWorld(t *testing.T, store kv.Store) *world {
	t.Helper()
	w := &world{nats: eventstest.Start(t), store: store}
	w.nc = w.nats.Connect()
	w.js = w.nats.JetStream(w.nc)
	g, err := sandbox.New(sandbox.Config{})
	if err != nil {
		t.Fatal(err)
	}
	w.push = g
	gw := httptest.NewServer(g)
	t.Cleanup(gw.Close)
	dir := secretstest.Dir(t, map[string]string{secrets.JWTSecret: string(jwtKey) + "\n",
		secrets.EventSigningSecret: "ocadmin-test-event-key-0123456789abcdef\n"})
	prefix := redistest.Prefix(t)
	w.vars = map[string]string{"NATS_URL": w.nats.URL(), "REDIS_URL": redistest.URL(t), "SECRETS_DIR": dir,
		"REDIS_KEY_PREFIX": prefix, "PUSH_KEY_PREFIX": prefix + "push:", "PUSH_GATEWAY_URL": gw.URL,
		"PUSH_RATE_LIMIT": "0", "PUSH_RATE_LIMIT_MERCHANT": "0"}
	cfg, err := app.LoadConfig(func(k string) string { return w.vars[k] })
	if err != nil {
		t.Fatal(err)
	}
	w.deps = app.New("test", cfg, app.WithStore(store), app.WithNATS(w.nc), app.WithRedis(redistest.Client(t)),
		app.WithLogger(slog.New(slog.DiscardHandler)))
	return w
}

// ocadmin runs ocadmin over the world's environment and store.
func (w *world) ocadmin(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := env{stdout: &out, stderr: &errOut, getenv: func(k string) string { return w.vars[k] },
		parts: []app.Option{app.WithStore(w.store)}}
	code = run(t.Context(), args, e)
	return code, out.String(), errOut.String()
}

// must runs ocadmin and fails the test unless it exits 0.
func (w *world) must(t *testing.T, args ...string) string {
	t.Helper()
	code, stdout, stderr := w.ocadmin(t, args...)
	if code != 0 {
		t.Fatalf("ocadmin %s: exit %d\n%s%s", strings.Join(args, " "), code, stdout, stderr)
	}
	return stdout
}

// token is a bearer token of the principal.
func token(t *testing.T, p auth.Principal) string {
	t.Helper()
	tok, err := auth.Sign(jwtKey, p, 5*time.Minute, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// settled waits until the consumer has nothing pending or unacknowledged.
func (w *world) settled(t *testing.T, consumer string) {
	t.Helper()
	eventstest.Settled(t, w.js, consumer, 30*time.Second)
}

// deadLetters counts the consumer's dead letters.
func (w *world) deadLetters(t *testing.T, consumer string) uint64 {
	t.Helper()
	dl, err := events.OpenDeadLetters(context.Background(), w.js)
	if err != nil {
		t.Fatal(err)
	}
	counts, err := dl.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return counts[consumer]
}

// eventually retries check until it returns "" (within a minute: no
// timing is asserted, only that it ends).
func eventually(t *testing.T, check func() string) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		msg := check()
		if msg == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal(msg)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
