package telemetry

import (
	"context"
	"net/http"
	"testing"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/baggage"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// msgHeader has the shape of nats.Header.
type msgHeader map[string][]string

func TestHeadersRoundTrip(t *testing.T) {
	otel.SetTextMapPropagator(Propagator())
	tp := sdktrace.NewTracerProvider()
	ctx, span := tp.Tracer("t").Start(context.Background(), "publish")
	defer span.End()
	member, _ := baggage.NewMember("tenant", "t1")
	bag, _ := baggage.New(member)
	ctx = baggage.ContextWithBaggage(ctx, bag)

	httpH := http.Header{}
	InjectHeaders(ctx, httpH)
	natsH := msgHeader{}
	InjectEventHeaders(ctx, natsH)
	lower := map[string][]string{"traceparent": {httpH.Get("Traceparent")}}

	for name, h := range map[string]map[string][]string{"http": httpH, "nats": natsH, "lower-case": lower} {
		got := ExtractHeaders(context.Background(), h)
		sc := trace.SpanContextFromContext(got)
		if !sc.IsRemote() || sc.TraceID() != span.SpanContext().TraceID() || sc.SpanID() != span.SpanContext().SpanID() {
			t.Errorf("%s: extracted %v, want %v", name, sc, span.SpanContext())
		}
		if name != "lower-case" && baggage.FromContext(got).Member("tenant").Value() != "t1" {
			t.Errorf("%s: baggage lost", name)
		}
	}
	if httpH.Get("Traceparent") == "" {
		t.Fatalf("no traceparent in %v", httpH)
	}
	if len(natsH["traceparent"]) != 1 {
		t.Fatalf("event headers %v, want traceparent in lower case (contract section 11)", natsH)
	}
}

func TestInjectReplacesOtherCase(t *testing.T) {
	otel.SetTextMapPropagator(Propagator())
	ctx, span := sdktrace.NewTracerProvider().Tracer("t").Start(context.Background(), "op")
	defer span.End()
	h := map[string][]string{"traceparent": {"stale"}}
	InjectHeaders(ctx, h)
	if len(h["traceparent"]) != 0 || len(h["Traceparent"]) != 1 {
		t.Fatalf("headers %v, want only a canonical Traceparent", h)
	}
	InjectHeaders(ctx, nil) // must not panic
}
