package function

import (
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/events/eventstest"
	"github.com/ordercenter/ordercenter/shared/order"
)

// runConsumer runs n as the push-notify consumer of a fresh NATS server
// until the test ends, and returns the connection and JetStream.
func runConsumer(t *testing.T, n *Notifier) (*nats.Conn, jetstream.JetStream) {
	t.Helper()
	srv := eventstest.Start(t)
	nc := srv.Connect()
	js := srv.JetStream(nc)
	ctx, cancel := context.WithCancel(context.Background())
	c, err := events.NewConsumer(ctx, js, events.ConsumerSpec{Name: Name}, n.HandleMessage, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = c.Run(ctx)
	}()
	t.Cleanup(func() { cancel(); <-done })
	return nc, js
}

// waitFor polls cond for up to ten seconds.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// acked reports whether the consumer has settled the stream up to seq.
func acked(t testing.TB, js jetstream.JetStream, seq uint64) bool {
	c, err := js.Consumer(context.Background(), events.Stream, Name)
	if err != nil {
		t.Fatal(err)
	}
	info, err := c.Info(context.Background())
	return err == nil && info.AckFloor.Stream >= seq && info.NumAckPending == 0
}

func TestConsumerPushesOnceEvenWhenRepublished(t *testing.T) {
	f := newFixture(t)
	nc, js := runConsumer(t, f.notifier(t))
	pub, err := events.NewPublisher(nc, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	e := f.stored(t, order.NewID(time.Now()), order.StatusPaid)[order.EventPaid]
	if err := pub.Publish(ctx, []order.Event{e}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "two pushes", func() bool { return len(f.notifications(t)) == 2 })
	// The same event again, as if beyond the stream's duplicate window.
	again := nats.NewMsg(events.Subject(e.Type))
	again.Data, _ = json.Marshal(e)
	again.Header.Set(jetstream.MsgIDHeader, e.EventID+"-republished")
	ack, err := js.PublishMsg(ctx, again)
	if err != nil || ack.Duplicate {
		t.Fatalf("republish: %+v %v", ack, err)
	}
	waitFor(t, "the republished event settled", func() bool { return acked(t, js, ack.Sequence) })
	f.checkOnceEach(t, e.EventID+".user", e.EventID+".merchant")
}

func TestPoisonMessageIsDeadLettered(t *testing.T) {
	f := newFixture(t)
	_, js := runConsumer(t, f.notifier(t))
	ctx := context.Background()
	poison := nats.NewMsg(events.Subject(order.EventPaid))
	poison.Data = []byte(`{"event_id": "p-1", "type": "order.paid", "order_id": `)
	poison.Header.Set(jetstream.MsgIDHeader, "p-1")
	if _, err := js.PublishMsg(ctx, poison); err != nil {
		t.Fatal(err)
	}
	dlq, err := js.CreateOrUpdateConsumer(ctx, events.DeadLetter, jetstream.ConsumerConfig{
		FilterSubject: events.DeadLetterRoot + Name, AckPolicy: jetstream.AckExplicitPolicy})
	if err != nil {
		t.Fatal(err)
	}
	batch, err := dlq.Fetch(1, jetstream.FetchMaxWait(10*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	var dead jetstream.Msg
	for m := range batch.Messages() {
		dead = m
	}
	if dead == nil {
		t.Fatal("nothing dead-lettered")
	}
	h := dead.Headers()
	if string(dead.Data()) != string(poison.Data) || h.Get(events.HeaderDeadSubject) != "orders.events.order.paid" ||
		h.Get(events.HeaderDeadDeliveries) != "1" || !strings.Contains(h.Get(events.HeaderDeadReason), "invalid event") {
		t.Fatalf("dead letter %q %v", dead.Data(), h)
	}
	if len(f.notifications(t)) != 0 {
		t.Fatal("a poison message was pushed")
	}
}
