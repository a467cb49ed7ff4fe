package httpcall

import (
	"context"
	"net/http"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/ordercenter/ordercenter/shared/telemetry"
)

// Each call is a client span named after the dependency, child of the
// caller's span, and the dependency receives the call's span as its
// parent.
func TestCallsAreClientSpans(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	var received trace.SpanContext
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		received = trace.SpanContextFromContext(telemetry.ExtractHeaders(context.Background(), r.Header))
		_, _ = w.Write([]byte(`{}`))
	})
	c := newClient(t, srv.URL, func(cfg *Config) { cfg.TracerProvider = tp })
	ctx, caller := tp.Tracer("test").Start(context.Background(), "push-notify")
	if _, err := c.Do(ctx, Request{Method: http.MethodPost, Path: "/push", Body: []byte(`{}`)}); err != nil {
		t.Fatal(err)
	}
	caller.End()
	var call sdktrace.ReadOnlySpan
	for _, s := range rec.Ended() {
		if s.Name() == "dep POST" {
			call = s
		}
	}
	if call == nil || call.SpanKind() != trace.SpanKindClient || call.Parent().SpanID() != caller.SpanContext().SpanID() {
		t.Fatalf("no client span \"dep POST\" under the caller's among %d spans", len(rec.Ended()))
	}
	if received.SpanID() != call.SpanContext().SpanID() {
		t.Errorf("the dependency got parent %s, want the call's span %s", received.SpanID(), call.SpanContext().SpanID())
	}
}
