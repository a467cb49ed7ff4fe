package runner

import (
	"context"
	"encoding/json"
	"log/slog"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/ordercenter/ordercenter/shared/auth"
	"github.com/ordercenter/ordercenter/shared/order"
)

// One order's trace runs from the call through the store, Redis and the
// event, across NATS to the connector's delivery and the functions it
// calls, and out to the push gateway: checked span by span, by kind, name
// and parent, on the runner with every part in-process.
func TestAnOrderIsOneTraceAcrossNATS(t *testing.T) {
	exp := tracetest.NewInMemoryExporter()
	dir := t.TempDir()
	r, err := Start(context.Background(), Config{Addr: "127.0.0.1:0", DataDir: dir, SweepInterval: time.Hour,
		StackFile: filepath.Join("..", "..", "..", "stack.yml"), Logger: slog.New(slog.DiscardHandler),
		SpanExporter: exp})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close(context.Background())
	user := tokenFor(t, dir, auth.Principal{Subject: "u-trace", Role: auth.RoleUser})
	var placed struct {
		OrderID string `json:"order_id"`
		Amounts struct {
			Total int64 `json:"total"`
		} `json:"amounts"`
	}
	call(t, r, "POST", "/function/place-order", user, map[string]string{"Idempotency-Key": "trace-1"},
		`{"store_id":"s-lanzhou","items":[{"sku_id":"beef-noodle-soup","qty":1}],
		  "delivery":{"name":"Li","phone":"13800001234","address":"1 Renmin Rd"}}`, 201, &placed)

	t.Run("place-order", func(t *testing.T) {
		tr := waitForTrace(t, exp, "place-order", func(tr traceOf) bool {
			return tr.server("push-notify") != nil
		})
		t.Logf("the trace of place-order:\n%s", tr.tree())
		place := tr.root(t, "place-order")
		tr.someUnder(t, place, "store", func(s sdktrace.ReadOnlySpan) bool { return strings.HasPrefix(s.Name(), "boltkv.") })
		tr.someUnder(t, place, "Redis", isRedis)
		tr.someUnder(t, place, "catalog", named("catalog GET"))
		send := tr.someUnder(t, place, "publish", named("send "+order.EventCreated.Subject()))
		tr.acrossNATS(t, send, "push-notify")
	})

	pay, _ := json.Marshal(map[string]any{"order_id": placed.OrderID, "amount": placed.Amounts.Total})
	call(t, r, "POST", "/sandbox/payments/pay", "", nil, string(pay), 200, nil)
	t.Run("payment", func(t *testing.T) {
		tr := waitForTrace(t, exp, "pay-callback", func(tr traceOf) bool {
			return tr.server("holds") != nil && tr.find(named("push gateway POST")) != nil
		})
		t.Logf("the trace of the payment:\n%s", tr.tree())
		callback := tr.root(t, "pay-callback")
		tr.someUnder(t, callback, "store", func(s sdktrace.ReadOnlySpan) bool { return strings.HasPrefix(s.Name(), "boltkv.") })
		send := tr.someUnder(t, callback, "publish", named("send "+order.EventPaid.Subject()))
		tr.acrossNATS(t, send, "holds")
		push := tr.acrossNATS(t, send, "push-notify")
		gateway := tr.someUnder(t, push, "push gateway call", named("push gateway POST"))
		if gateway.SpanKind() != trace.SpanKindClient {
			t.Errorf("%s: kind %s, want client", gateway.Name(), gateway.SpanKind())
		}
	})
}

// traceOf is the spans of one trace, by id.
type traceOf map[trace.SpanID]tracetest.SpanStub

// waitForTrace waits for the trace whose root is the server span of
// function and that done finds complete.
func waitForTrace(t *testing.T, exp *tracetest.InMemoryExporter, function string, done func(traceOf) bool) traceOf {
	t.Helper()
	var last traceOf
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		traces := map[trace.TraceID]traceOf{}
		var id trace.TraceID
		for _, s := range exp.GetSpans() {
			tid := s.SpanContext.TraceID()
			if traces[tid] == nil {
				traces[tid] = traceOf{}
			}
			traces[tid][s.SpanContext.SpanID()] = s
			if s.Name == function && s.SpanKind == trace.SpanKindServer && !s.Parent.IsValid() {
				id = tid
			}
		}
		if last = traces[id]; last != nil && done(last) {
			return last
		}
	}
	t.Fatalf("no complete trace from %s: %v", function, last.names())
	return nil
}

func (tr traceOf) names() []string {
	var names []string
	for _, s := range tr {
		names = append(names, s.Name)
	}
	return names
}

func (tr traceOf) find(match func(sdktrace.ReadOnlySpan) bool) sdktrace.ReadOnlySpan {
	for _, s := range tr {
		if ro := s.Snapshot(); match(ro) {
			return ro
		}
	}
	return nil
}

// server is the server span of the function, if any.
func (tr traceOf) server(function string) sdktrace.ReadOnlySpan {
	return tr.find(func(s sdktrace.ReadOnlySpan) bool {
		return s.Name() == function && s.SpanKind() == trace.SpanKindServer
	})
}

// root is the trace's root: the function's server span.
func (tr traceOf) root(t *testing.T, function string) sdktrace.ReadOnlySpan {
	t.Helper()
	s := tr.server(function)
	if s == nil || s.Parent().IsValid() {
		t.Fatalf("no root server span %s in %v", function, tr.names())
	}
	return s
}

// someUnder finds a span that match accepts among the descendants of
// ancestor.
func (tr traceOf) someUnder(t *testing.T, ancestor sdktrace.ReadOnlySpan, what string, match func(sdktrace.ReadOnlySpan) bool) sdktrace.ReadOnlySpan {
	t.Helper()
	s := tr.find(func(s sdktrace.ReadOnlySpan) bool { return match(s) && tr.descends(s, ancestor) })
	if s == nil {
		t.Fatalf("no %s span under %s in %v", what, ancestor.Name(), tr.names())
	}
	return s
}

// descends tells whether s is below ancestor, following parents.
func (tr traceOf) descends(s, ancestor sdktrace.ReadOnlySpan) bool {
	for parent := s.Parent().SpanID(); parent.IsValid(); parent = tr[parent].Parent.SpanID() {
		if parent == ancestor.SpanContext().SpanID() {
			return true
		}
		if _, ok := tr[parent]; !ok {
			return false
		}
	}
	return false
}

// acrossNATS checks that the connector delivered send's message to
// function under a consumer span, child of send's producer span, and
// that the function's server span is the consumer span's child; it
// returns the server span.
func (tr traceOf) acrossNATS(t *testing.T, send sdktrace.ReadOnlySpan, function string) sdktrace.ReadOnlySpan {
	t.Helper()
	if send.SpanKind() != trace.SpanKindProducer {
		t.Errorf("%s: kind %s, want producer", send.Name(), send.SpanKind())
	}
	subject := strings.TrimPrefix(send.Name(), "send ")
	delivery := tr.find(func(s sdktrace.ReadOnlySpan) bool {
		return s.Name() == "process "+subject && attr(s, "messaging.consumer.group.name") == function
	})
	if delivery == nil || delivery.SpanKind() != trace.SpanKindConsumer || delivery.Parent().SpanID() != send.SpanContext().SpanID() {
		t.Fatalf("no consumer span of %s for %s under %s in %v", subject, function, send.Name(), tr.names())
	}
	server := tr.find(func(s sdktrace.ReadOnlySpan) bool {
		return s.Name() == function && s.SpanKind() == trace.SpanKindServer && s.Parent().SpanID() == delivery.SpanContext().SpanID()
	})
	if server == nil {
		t.Fatalf("no server span of %s under the delivery's consumer span in %v", function, tr.names())
	}
	return server
}

func named(name string) func(sdktrace.ReadOnlySpan) bool {
	return func(s sdktrace.ReadOnlySpan) bool { return s.Name() == name }
}

func isRedis(s sdktrace.ReadOnlySpan) bool {
	return s.SpanKind() == trace.SpanKindClient && attr(s, "db.system") == "redis"
}

func attr(s sdktrace.ReadOnlySpan, key string) string {
	for _, kv := range s.Attributes() {
		if string(kv.Key) == key {
			return kv.Value.String()
		}
	}
	return ""
}

// tree draws the trace, one span a line, children indented under their
// parents (shown with go test -v).
func (tr traceOf) tree() string {
	children := map[trace.SpanID][]tracetest.SpanStub{}
	var roots []tracetest.SpanStub
	for _, s := range tr {
		if _, ok := tr[s.Parent.SpanID()]; ok {
			children[s.Parent.SpanID()] = append(children[s.Parent.SpanID()], s)
		} else {
			roots = append(roots, s)
		}
	}
	var b strings.Builder
	var draw func(s tracetest.SpanStub, depth int)
	draw = func(s tracetest.SpanStub, depth int) {
		b.WriteString(strings.Repeat("  ", depth) + s.Name + " (" + s.SpanKind.String() + ")\n")
		kids := children[s.SpanContext.SpanID()]
		sort.Slice(kids, func(i, j int) bool { return kids[i].StartTime.Before(kids[j].StartTime) })
		for _, c := range kids {
			draw(c, depth+1)
		}
	}
	for _, s := range roots {
		draw(s, 0)
	}
	return b.String()
}
