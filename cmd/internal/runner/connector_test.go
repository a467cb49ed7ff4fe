package runner

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	handler "github.com/openfaas/templates-sdk/go-http"
)

// inbox is a function that collects what it is called with.
type inbox struct {
	mu   sync.Mutex
	reqs []handler.Request
}

func (f *inbox) Handle(req handler.Request) (handler.Response, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reqs = append(f.reqs, req)
	return handler.Response{StatusCode: 202}, nil
}

func (f *inbox) wait(t *testing.T, n int) []handler.Request {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		f.mu.Lock()
		got := append([]handler.Request(nil), f.reqs...)
		f.mu.Unlock()
		if len(got) >= n {
			return got
		}
	}
	t.Fatalf("the function got fewer than %d messages", n)
	return nil
}

const testStack = `version: 1.0
provider:
  name: openfaas
functions:
  listener:
    lang: golang-http
    handler: ./x
    image: x
    annotations:
      topic: test.events.>, other.subject
  deaf:
    lang: golang-http
    handler: ./y
    image: y
`

// The connector delivers messages of the subscribed subjects to the
// function, with the subject in X-Topic and the message headers.
func TestConnectorDeliversTopicsFromTheStack(t *testing.T) {
	dir := t.TempDir()
	stackFile := filepath.Join(dir, "stack.yml")
	if err := os.WriteFile(stackFile, []byte(testStack), 0o600); err != nil {
		t.Fatal(err)
	}
	listener := &inbox{}
	r, err := Start(context.Background(), Config{Addr: "127.0.0.1:0", DataDir: dir, StackFile: stackFile,
		SweepInterval: time.Hour, Logger: slog.New(slog.DiscardHandler),
		Functions: map[string]handler.FunctionHandler{"listener": listener, "deaf": &inbox{}}})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close(context.Background())
	nc, err := nats.Connect(r.env.NATSURL)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	msg := nats.NewMsg("test.events.order.paid")
	msg.Data = []byte(`{"event_id":"e-1"}`)
	msg.Header.Set("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
	if err := nc.PublishMsg(msg); err != nil {
		t.Fatal(err)
	}
	_ = nc.Publish("unrelated.subject", []byte("{}"))
	got := listener.wait(t, 1)[0]
	if string(got.Body) != `{"event_id":"e-1"}` || got.Header.Get("X-Topic") != "test.events.order.paid" ||
		got.Header.Get("Traceparent") == "" {
		t.Errorf("delivered %s with headers %v", got.Body, got.Header)
	}
}

// flaky answers 503 to its first call and 200 after.
type flaky struct{ inbox }

func (f *flaky) Handle(req handler.Request) (handler.Response, error) {
	_, _ = f.inbox.Handle(req)
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.reqs) == 1 {
		return handler.Response{StatusCode: 503}, nil
	}
	return handler.Response{StatusCode: 200}, nil
}

// Events of committed changes reach a subscribed function through a durable
// consumer; a 503 is retried.
func TestConnectorDeliversEventsDurably(t *testing.T) {
	dir := t.TempDir()
	stackFile := filepath.Join(dir, "stack.yml")
	stack := strings.Replace(testStack, "test.events.>, other.subject", "orders.events.>", 1)
	if err := os.WriteFile(stackFile, []byte(stack), 0o600); err != nil {
		t.Fatal(err)
	}
	fn := &flaky{}
	r, err := Start(context.Background(), Config{Addr: "127.0.0.1:0", DataDir: dir, StackFile: stackFile,
		SweepInterval: time.Hour, Logger: slog.New(slog.DiscardHandler),
		Functions: map[string]handler.FunctionHandler{"listener": fn}})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close(context.Background())
	if _, err := ordersOf(t, r).Create(context.Background(), demoOrder(t)); err != nil {
		t.Fatal(err)
	}
	got := fn.wait(t, 2)
	if got[0].Header.Get("X-Topic") != "orders.events.order.created" || string(got[0].Body) != string(got[1].Body) {
		t.Errorf("deliveries: %s / %s", got[0].Header.Get("X-Topic"), got[1].Body)
	}
}
