package events_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/events/eventstest"
	"github.com/ordercenter/ordercenter/shared/order"
)

// fastSpec retries quickly so the tests run in moments.
func fastSpec(name string) events.ConsumerSpec {
	return events.ConsumerSpec{Name: name, AckWait: 5 * time.Second,
		BackOff: []time.Duration{20 * time.Millisecond, 20 * time.Millisecond, 20 * time.Millisecond}}
}

// runConsumer runs handle over a fresh durable consumer until the test ends.
func runConsumer(t *testing.T, srv *eventstest.Server, spec events.ConsumerSpec, handle events.Handler, opts ...events.Option) jetstream.JetStream {
	t.Helper()
	js := srv.JetStream(srv.Connect())
	c, err := events.NewConsumer(context.Background(), js, spec, handle, nil, opts...)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = c.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	return js
}

func publishEvent(t *testing.T, ctx context.Context, srv *eventstest.Server, id string) {
	t.Helper()
	pub, _ := events.NewPublisher(srv.Connect(), nil)
	e := order.Event{EventID: id, Type: order.EventPaid, OrderID: "o-1", OrderVersion: 2, OccurredAt: time.Now()}
	if err := pub.Publish(ctx, []order.Event{e}); err != nil {
		t.Fatal(err)
	}
}

// deliveryLog counts calls of a handler and tells when they reach n.
type deliveryLog struct {
	calls atomic.Int64
	reach chan struct{}
	once  sync.Once
	n     int64
}

func newDeliveryLog(n int64) *deliveryLog { return &deliveryLog{reach: make(chan struct{}), n: n} }

func (d *deliveryLog) count() int64 {
	c := d.calls.Add(1)
	if c >= d.n {
		d.once.Do(func() { close(d.reach) })
	}
	return c
}

func (d *deliveryLog) wait(t *testing.T) {
	t.Helper()
	select {
	case <-d.reach:
	case <-time.After(10 * time.Second):
		t.Fatalf("only %d deliveries, want %d", d.calls.Load(), d.n)
	}
}

// A transient failure is retried with delay until it succeeds, then acked.
func TestTransientFailuresAreRetried(t *testing.T) {
	srv := eventstest.Start(t)
	log := newDeliveryLog(3)
	runConsumer(t, srv, fastSpec("retry"), func(context.Context, jetstream.Msg) error {
		if log.count() < 3 {
			return errors.New("gateway down")
		}
		return nil
	})
	publishEvent(t, context.Background(), srv, "e-retry")
	log.wait(t)
	time.Sleep(200 * time.Millisecond)
	if n := log.calls.Load(); n != 3 {
		t.Errorf("%d deliveries, want 3 (acked after the third)", n)
	}
}

// A poison message, and one that keeps failing, end in the dead-letter
// subject with the reason.
func TestGivenUpMessagesAreDeadLettered(t *testing.T) {
	for name, fail := range map[string]error{
		"permanent": events.Permanent(errors.New("not an event")),
		"exhausted": errors.New("still down"),
	} {
		t.Run(name, func(t *testing.T) {
			srv := eventstest.Start(t)
			dead := make(chan *nats.Msg, 10)
			if _, err := srv.Connect().ChanSubscribe(events.DeadLetterRoot+name, dead); err != nil {
				t.Fatal(err)
			}
			runConsumer(t, srv, fastSpec(name), func(context.Context, jetstream.Msg) error { return fail })
			publishEvent(t, context.Background(), srv, "e-"+name)
			select {
			case m := <-dead:
				if !strings.Contains(m.Header.Get(events.HeaderDeadReason), fail.Error()) ||
					m.Header.Get(events.HeaderDeadSubject) != "orders.events.order.paid" {
					t.Errorf("dead letter headers %v", m.Header)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("nothing dead-lettered")
			}
		})
	}
}

// The trace of the change that published an event continues in the
// consumer: a producer span under the change's, a consumer span under
// the producer's (across NATS), and the handler under the consumer span.
func TestTraceContinuesIntoTheConsumer(t *testing.T) {
	srv := eventstest.Start(t)
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	ctx, change := tp.Tracer("test").Start(context.Background(), "place-order")
	got := make(chan trace.SpanContext, 1)
	runConsumer(t, srv, fastSpec("trace"), func(ctx context.Context, _ jetstream.Msg) error {
		got <- trace.SpanContextFromContext(ctx)
		return nil
	}, events.WithTracerProvider(tp))
	pub, _ := events.NewPublisher(srv.Connect(), nil, events.WithTracerProvider(tp))
	e := order.Event{EventID: "e-trace", Type: order.EventPaid, OrderID: "o-1", OrderVersion: 2, OccurredAt: time.Now()}
	if err := pub.Publish(ctx, []order.Event{e}); err != nil {
		t.Fatal(err)
	}
	change.End()
	var handled trace.SpanContext
	select {
	case handled = <-got:
	case <-time.After(10 * time.Second):
		t.Fatal("nothing consumed")
	}
	subject := events.Subject(order.EventPaid)
	send, process := endedSpan(t, rec, "send "+subject), endedSpan(t, rec, "process "+subject)
	if send.SpanKind() != trace.SpanKindProducer || send.Parent().SpanID() != change.SpanContext().SpanID() {
		t.Errorf("send span: kind %s, parent %s, want producer under %s", send.SpanKind(), send.Parent().SpanID(), change.SpanContext().SpanID())
	}
	if process.SpanKind() != trace.SpanKindConsumer || process.Parent().SpanID() != send.SpanContext().SpanID() {
		t.Errorf("process span: kind %s, parent %s, want consumer under %s", process.SpanKind(), process.Parent().SpanID(), send.SpanContext().SpanID())
	}
	if handled.SpanID() != process.SpanContext().SpanID() {
		t.Errorf("the handler runs under span %s, want the process span %s", handled.SpanID(), process.SpanContext().SpanID())
	}
}

// endedSpan waits for the ended span of that name.
func endedSpan(t *testing.T, rec *tracetest.SpanRecorder, name string) sdktrace.ReadOnlySpan {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		for _, s := range rec.Ended() {
			if s.Name() == name {
				return s
			}
		}
	}
	t.Fatalf("no span %q", name)
	return nil
}
