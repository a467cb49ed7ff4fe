package events_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/events/eventstest"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
)

func newOrder(t testing.TB, user string) *order.Order {
	t.Helper()
	now := time.Now()
	o, err := order.New(order.Draft{ID: order.NewID(now), UserID: user, StoreID: "s-1", StoreDay: "2026-11-21",
		Lines:       []order.Line{{SKU: "a", Name: "A", Qty: 1, UnitPrice: 100, Subtotal: 100}},
		Amounts:     order.Amounts{Items: 100, Total: 100},
		Delivery:    order.Delivery{Name: "Li", Phone: "13800001234", Address: "1 Road"},
		PayDeadline: now.Add(time.Minute)}, now)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// streamMessages reads every message of the events stream.
func streamMessages(t *testing.T, js jetstream.JetStream) []jetstream.Msg {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	cons, err := js.OrderedConsumer(ctx, events.Stream, jetstream.OrderedConsumerConfig{})
	if err != nil {
		t.Fatal(err)
	}
	info, _ := js.Stream(ctx, events.Stream)
	n := int(info.CachedInfo().State.Msgs)
	var msgs []jetstream.Msg
	for len(msgs) < n {
		batch, err := cons.Fetch(n-len(msgs), jetstream.FetchMaxWait(2*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		for m := range batch.Messages() {
			msgs = append(msgs, m)
		}
	}
	return msgs
}

// A committed change is published right after the commit, once, with its
// event id as the de-duplication id.
func TestPublishAfterCommit(t *testing.T) {
	srv := eventstest.Start(t)
	nc := srv.Connect()
	pub, err := events.NewPublisher(nc, nil)
	if err != nil {
		t.Fatal(err)
	}
	repo := orderstore.New(backends.Bolt(t), orderstore.Options{Publisher: pub})
	rec, err := repo.Create(context.Background(), newOrder(t, "u-pub"))
	if err != nil {
		t.Fatal(err)
	}
	msgs := streamMessages(t, srv.JetStream(nc))
	if len(msgs) != 1 {
		t.Fatalf("%d messages in the stream, want 1", len(msgs))
	}
	m := msgs[0]
	var e order.Event
	if err := json.Unmarshal(m.Data(), &e); err != nil {
		t.Fatal(err)
	}
	if m.Subject() != "orders.events.order.created" || m.Headers().Get(jetstream.MsgIDHeader) != e.EventID ||
		e.OrderID != rec.OrderID || e.PublishedAt == nil {
		t.Errorf("published %s %v: %+v", m.Subject(), m.Headers(), e)
	}
}

// The stream drops a second publish of the same event.
func TestDuplicatePublishIsDropped(t *testing.T) {
	srv := eventstest.Start(t)
	nc := srv.Connect()
	pub, _ := events.NewPublisher(nc, nil)
	e := order.Event{EventID: "o-1-1-1", Type: order.EventPaid, OrderID: "o-1", OrderVersion: 2, OccurredAt: time.Now()}
	for range 3 {
		if err := pub.Publish(context.Background(), []order.Event{e}); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(streamMessages(t, srv.JetStream(nc))); n != 1 {
		t.Fatalf("%d messages after three publishes of one event, want 1", n)
	}
}

// With NATS down, orders are still taken; once it is back, the healer
// publishes every event that was left behind.
func TestEventsLeftWhileNATSIsDownArriveAfterHealing(t *testing.T) {
	srv := eventstest.Start(t)
	nc := srv.Connect()
	pub, _ := events.NewPublisher(nc, nil)
	now := time.Now()
	clock := func() time.Time { return now }
	repo := orderstore.New(backends.Bolt(t), orderstore.Options{Publisher: pub, Now: clock})
	srv.Stop()
	waitDisconnected(t, nc)
	var ids []string
	for range 5 {
		rec, err := repo.Create(context.Background(), newOrder(t, "u-down"))
		if err != nil {
			t.Fatalf("create while NATS is down: %v", err)
		}
		ids = append(ids, rec.OrderID)
	}
	if err := pub.Publish(context.Background(), nil); !errors.Is(err, events.ErrUnavailable) {
		t.Errorf("publish while down: %v, want ErrUnavailable", err)
	}
	srv.Restart()
	waitConnected(t, nc)
	now = now.Add(time.Minute)
	report, err := repo.Heal(context.Background(), 0)
	if err != nil || report.Finished != 5 {
		t.Fatalf("heal: %+v %v, want 5 finished", report, err)
	}
	msgs := streamMessages(t, srv.JetStream(nc))
	if len(msgs) != len(ids) {
		t.Fatalf("%d events in the stream, want %d", len(msgs), len(ids))
	}
}

func waitDisconnected(t *testing.T, nc interface{ IsConnected() bool }) {
	t.Helper()
	waitFor(t, func() bool { return !nc.IsConnected() })
}

func waitConnected(t *testing.T, nc interface{ IsConnected() bool }) {
	t.Helper()
	waitFor(t, nc.IsConnected)
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatal("condition not met in 10s")
}
