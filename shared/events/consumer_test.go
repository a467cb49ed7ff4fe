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
func runConsumer(t *testing.T, srv *eventstest.Server, spec events.ConsumerSpec, handle events.Handler) jetstream.JetStream {
	t.Helper()
	js := srv.JetStream(srv.Connect())
	c, err := events.NewConsumer(context.Background(), js, spec, handle, nil)
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
// consumer.
func TestTraceContinuesIntoTheConsumer(t *testing.T) {
	srv := eventstest.Start(t)
	tp := sdktrace.NewTracerProvider()
	ctx, span := tp.Tracer("test").Start(context.Background(), "place-order")
	defer span.End()
	got := make(chan trace.SpanContext, 1)
	runConsumer(t, srv, fastSpec("trace"), func(ctx context.Context, _ jetstream.Msg) error {
		got <- trace.SpanContextFromContext(ctx)
		return nil
	})
	publishEvent(t, ctx, srv, "e-trace")
	select {
	case sc := <-got:
		if sc.TraceID() != span.SpanContext().TraceID() {
			t.Errorf("consumer trace %s, publisher trace %s", sc.TraceID(), span.SpanContext().TraceID())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("nothing consumed")
	}
}
