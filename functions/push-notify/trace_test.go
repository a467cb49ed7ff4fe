package function

import (
	"context"
	"net/http"
	"testing"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/telemetry"
)

// recordSpans makes an in-memory tracer provider and the W3C propagator
// the global ones for the test (call it before making Notifiers).
func recordSpans(t *testing.T) (*sdktrace.TracerProvider, *tracetest.SpanRecorder) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	prevTP, prevProp := otel.GetTracerProvider(), otel.GetTextMapPropagator()
	otel.SetTracerProvider(tp)
	otel.SetTextMapPropagator(propagation.TraceContext{})
	t.Cleanup(func() {
		otel.SetTracerProvider(prevTP)
		otel.SetTextMapPropagator(prevProp)
		_ = tp.Shutdown(context.Background())
	})
	return tp, rec
}

// pushSpan returns the ended push-notify span of the trace, if any.
func pushSpan(rec *tracetest.SpanRecorder, id trace.TraceID) sdktrace.ReadOnlySpan {
	for _, s := range rec.Ended() {
		if s.Name() == Name && s.SpanContext().TraceID() == id {
			return s
		}
	}
	return nil
}

// spanByID returns the ended span of that id, if any.
func spanByID(rec *tracetest.SpanRecorder, id trace.SpanID) sdktrace.ReadOnlySpan {
	for _, s := range rec.Ended() {
		if s.SpanContext().SpanID() == id {
			return s
		}
	}
	return nil
}

func TestTraceFollowsTheEvent(t *testing.T) {
	tp, rec := recordSpans(t)
	f := newFixture(t)
	n := f.notifier(t)
	nc, _ := runConsumer(t, n)
	pub, err := events.NewPublisher(nc, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, parent := tp.Tracer("test").Start(context.Background(), "order-action")
	accepted := f.stored(t, order.NewID(time.Now()), order.StatusAccepted)[order.EventAccepted]
	if err := pub.Publish(ctx, []order.Event{accepted}); err != nil {
		t.Fatal(err)
	}
	parent.End()
	traceID := parent.SpanContext().TraceID()
	waitFor(t, "the push-notify span", func() bool { return pushSpan(rec, traceID) != nil })
	s := pushSpan(rec, traceID)
	delivery := spanByID(rec, s.Parent().SpanID())
	if s.SpanKind() != trace.SpanKindInternal || delivery == nil || delivery.SpanKind() != trace.SpanKindConsumer ||
		delivery.Name() != "process "+order.EventAccepted.Subject() {
		t.Errorf("NATS: span kind %s, under %v; want internal, under the delivery's consumer span", s.SpanKind(), delivery)
	}

	ctx, caller := tp.Tracer("test").Start(context.Background(), "nats-connector")
	delivered := f.stored(t, order.NewID(time.Now()), order.StatusDelivered)[order.EventDelivered]
	req := handler.Request{Method: http.MethodPost, Header: http.Header{}, Body: []byte(encode(t, delivered))}
	telemetry.InjectHeaders(ctx, req.Header)
	req.WithContext(context.Background())
	if resp, _ := n.Handle(req); resp.StatusCode != 200 {
		t.Fatalf("HTTP: %d %s", resp.StatusCode, resp.Body)
	}
	caller.End()
	s = pushSpan(rec, caller.SpanContext().TraceID())
	if s == nil || s.Parent().SpanID() != caller.SpanContext().SpanID() {
		t.Fatalf("HTTP: no push-notify span under the caller's")
	}
}
