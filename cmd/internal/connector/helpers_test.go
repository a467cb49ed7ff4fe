package connector_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/openfaas/faas-provider/auth"
	handler "github.com/openfaas/templates-sdk/go-http"
	"go.opentelemetry.io/otel/trace"

	"github.com/ordercenter/ordercenter/cmd/internal/connector"
	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/events/eventstest"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/origin"
)

// testKey signs the events of the tests.
var testKey = origin.Keys(func() [][]byte { return [][]byte{[]byte("connector-test-key-0123456789abcdef")} })

// fast retries within moments, and never gives up unless told.
func fast() connector.Options {
	return connector.Options{AckWait: 5 * time.Second, MaxDeliver: 1000,
		BackOff: []time.Duration{20 * time.Millisecond, 50 * time.Millisecond, 100 * time.Millisecond, 200 * time.Millisecond},
		Logger:  slog.New(slog.DiscardHandler)}
}

// bus is a NATS server with the order center's streams.
type bus struct {
	srv *eventstest.Server
	nc  *nats.Conn
	js  jetstream.JetStream
	pub *events.Publisher
}

func newBus(t testing.TB) *bus {
	t.Helper()
	srv := eventstest.Start(t)
	nc := srv.Connect()
	pub, err := events.NewPublisher(nc, origin.NewSigner(testKey, time.Now))
	if err != nil {
		t.Fatal(err)
	}
	return &bus{srv: srv, nc: nc, js: srv.JetStream(nc), pub: pub}
}

// publish publishes n events of type typ, ids <prefix>-<i>, by batches.
func (b *bus) publish(t testing.TB, typ order.EventType, prefix string, n int) []string {
	t.Helper()
	var ids []string
	for start := 0; start < n; start += 100 {
		var evs []order.Event
		for i := start; i < min(n, start+100); i++ {
			id := fmt.Sprintf("%s-%d", prefix, i)
			ids = append(ids, id)
			evs = append(evs, order.Event{EventID: id, Type: typ, OrderID: "o-" + id, OrderVersion: 2, OccurredAt: time.Now()})
		}
		if err := b.pub.Publish(context.Background(), evs); err != nil {
			t.Fatal(err)
		}
	}
	return ids
}

// run runs a connector until the test ends (draining then).
func (b *bus) run(t testing.TB, subs []connector.Subscription, inv connector.Invoker, o connector.Options) {
	t.Helper()
	c, err := connector.New(context.Background(), b.nc, b.js, subs, inv, o)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); _ = c.Wait() })
}

// settled waits until the consumer has nothing pending or unacknowledged.
func (b *bus) settled(t testing.TB, consumer string) {
	t.Helper()
	eventstest.Settled(t, b.js, consumer, 30*time.Second)
}

// eventually retries check until it returns "" or the time is up.
func eventually(t testing.TB, within time.Duration, check func() string) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		msg := check()
		if msg == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal(msg)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// function is an HTTP function behind a gateway route that records its
// calls and answers what answer says.
type function struct {
	mu     sync.Mutex
	calls  []call
	answer func(r *http.Request, body []byte) int
}

type call struct {
	at        time.Time
	id, topic string
	status    int
	header    http.Header
	body      []byte
}

func (f *function) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	at := time.Now()
	body, _ := io.ReadAll(r.Body)
	status := http.StatusOK
	if f.answer != nil {
		status = f.answer(r, body)
	}
	f.mu.Lock()
	f.calls = append(f.calls, call{at: at, id: r.Header.Get("Nats-Msg-Id"), topic: r.Header.Get("X-Topic"), status: status,
		header: r.Header.Clone(), body: body})
	f.mu.Unlock()
	w.WriteHeader(status)
}

// snapshot copies the calls so far.
func (f *function) snapshot() []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]call(nil), f.calls...)
}

// acked is how many calls each event id got answered 2xx.
func (f *function) acked() map[string]int {
	got := map[string]int{}
	for _, c := range f.snapshot() {
		if c.status < 300 {
			got[c.id]++
		}
	}
	return got
}

// waitAcked waits until every id got a 2xx answer.
func (f *function) waitAcked(t testing.TB, ids []string) {
	t.Helper()
	eventually(t, 30*time.Second, func() string {
		got := f.acked()
		for _, id := range ids {
			if got[id] == 0 {
				return fmt.Sprintf("%d of %d events answered 2xx; %s not yet", len(got), len(ids), id)
			}
		}
		return ""
	})
}

// gateway serves functions at /function/<name>, as OpenFaaS's does.
func gateway(t testing.TB, fns map[string]http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(route(fns))
	t.Cleanup(srv.Close)
	return srv
}

func route(fns map[string]http.Handler) http.Handler {
	mux := http.NewServeMux()
	for name, h := range fns {
		mux.Handle("/function/"+name, h)
	}
	return mux
}

// freeAddr is a loopback address nothing listens on (for now).
func freeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return addr
}

// envDuration reads a duration from the environment, def when unset.
func envDuration(t testing.TB, name string, def time.Duration) time.Duration {
	if v := os.Getenv(name); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return d
	}
	return def
}

// originVerifier checks an event call's proof of origin as the functions
// do (origin.Events over the test key).
func originVerifier() func(r *http.Request, body []byte) error {
	v := origin.Events(testKey, time.Now)
	return func(r *http.Request, body []byte) error {
		return v.Verify(handler.Request{Header: r.Header, Body: body})
	}
}

// traceID is the trace of tracedContext.
const traceID = "4bf92f3577b34da6a3ce929d0e0e4736"

// tracedContext carries a remote span of traceID.
func tracedContext() context.Context {
	tid, _ := trace.TraceIDFromHex(traceID)
	sid, _ := trace.SpanIDFromHex("00f067aa0ba902b7")
	sc := trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid, SpanID: sid, TraceFlags: trace.FlagsSampled, Remote: true})
	return trace.ContextWithRemoteSpanContext(context.Background(), sc)
}

// authCreds are the gateway's basic-auth credentials in the tests.
var authCreds = auth.BasicAuthCredentials{User: "admin", Password: "pw"}
