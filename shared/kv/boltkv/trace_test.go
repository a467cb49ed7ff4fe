package boltkv

import (
	"context"
	"path/filepath"
	"testing"

	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// Each call is a client span under the caller's, named after the method;
// an item not found or a failed condition is an answer, not an error.
func TestCallsAreClientSpans(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	s, err := Open(filepath.Join(t.TempDir(), "store.db"), Options{NoSync: true, TracerProvider: tp})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx, caller := tp.Tracer("test").Start(context.Background(), "pay-callback")
	it := kv.Item{PK: "o-1", SK: "master", Version: 1}
	_ = s.Put(ctx, it, kv.IfAbsent())
	_ = s.Put(ctx, it, kv.IfAbsent()) // condition failed
	_, _ = s.Get(ctx, "o-1", "none")  // not found
	_, _ = s.Query(ctx, kv.Query{PK: "o-1", Limit: 10})
	_ = s.Delete(ctx, "", "", kv.Always()) // invalid key: a failure
	caller.End()

	var got []string
	for _, span := range rec.Ended() {
		if span.Parent().SpanID() != caller.SpanContext().SpanID() {
			continue
		}
		if span.SpanKind() != trace.SpanKindClient {
			t.Errorf("%s: kind %s", span.Name(), span.SpanKind())
		}
		if failed := span.Status().Code == codes.Error; failed != (span.Name() == "boltkv.Delete") {
			t.Errorf("%s: status %v", span.Name(), span.Status())
		}
		got = append(got, span.Name())
	}
	want := []string{"boltkv.Put", "boltkv.Put", "boltkv.Get", "boltkv.Query", "boltkv.Delete"}
	if len(got) != len(want) {
		t.Fatalf("spans %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("spans %v, want %v", got, want)
		}
	}
}
