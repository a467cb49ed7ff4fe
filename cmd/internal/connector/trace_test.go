package connector_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/ordercenter/ordercenter/cmd/internal/connector"
	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/telemetry"
)

// Each delivery is a consumer span, child of the publisher's producer
// span (across NATS), and the call carries the delivery's span as its
// trace context, so that the function's span is its child; for events
// and for core NATS subjects alike.
func TestTheCallRunsUnderTheDeliverysSpan(t *testing.T) {
	b := newBus(t)
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	fn := &function{}
	gw := gateway(t, map[string]http.Handler{"holds": fn})
	o := fast()
	o.TracerProvider = tp
	b.run(t, []connector.Subscription{{Function: "holds", Subjects: []string{order.EventPaid.Subject(), "ordercenter.test.core"}}},
		connector.NewHTTP(gw.URL, time.Second), o)

	pub, _ := events.NewPublisher(b.nc, nil, events.WithTracerProvider(tp))
	ctx, change := tp.Tracer("test").Start(context.Background(), "pay-callback")
	e := order.Event{EventID: "e-1", Type: order.EventPaid, OrderID: "o-1", OrderVersion: 2, OccurredAt: time.Now()}
	if err := pub.Publish(ctx, []order.Event{e}); err != nil {
		t.Fatal(err)
	}
	core := nats.NewMsg("ordercenter.test.core")
	telemetry.InjectEventHeaders(ctx, core.Header)
	if err := b.nc.PublishMsg(core); err != nil {
		t.Fatal(err)
	}
	change.End()
	fn.waitAcked(t, []string{"e-1"})
	eventually(t, 5*time.Second, func() string {
		if len(fn.snapshot()) < 2 {
			return "the core message was not delivered"
		}
		return ""
	})

	send := spanNamed(t, rec, "send "+order.EventPaid.Subject())
	for _, c := range fn.snapshot() {
		process := spanNamed(t, rec, "process "+c.topic)
		want := change.SpanContext().SpanID()
		if c.topic == order.EventPaid.Subject() {
			want = send.SpanContext().SpanID()
		}
		if process.SpanKind() != trace.SpanKindConsumer || process.Parent().SpanID() != want {
			t.Errorf("%s: process span kind %s under %s, want a consumer under %s", c.topic, process.SpanKind(), process.Parent().SpanID(), want)
		}
		caller := trace.SpanContextFromContext(telemetry.ExtractHeaders(context.Background(), c.header))
		if caller.SpanID() != process.SpanContext().SpanID() {
			t.Errorf("%s: the call's traceparent names span %s, want the delivery's %s", c.topic, caller.SpanID(), process.SpanContext().SpanID())
		}
	}
}

// spanNamed waits for the ended span of that name.
func spanNamed(t *testing.T, rec *tracetest.SpanRecorder, name string) sdktrace.ReadOnlySpan {
	t.Helper()
	var found sdktrace.ReadOnlySpan
	eventually(t, 5*time.Second, func() string {
		for _, s := range rec.Ended() {
			if s.Name() == name {
				found = s
				return ""
			}
		}
		return "no span " + name
	})
	return found
}
