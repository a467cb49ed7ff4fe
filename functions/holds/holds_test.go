package function

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/nats-io/nats.go"
	handler "github.com/openfaas/templates-sdk/go-http"
	"github.com/redis/go-redis/v9"

	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/events/eventstest"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/redistest"
	"github.com/ordercenter/ordercenter/shared/reserve"
)

type fixture struct {
	rdb    *redis.Client
	prefix string
	r      *reserve.Reserver
	h      *Holds
}

func newFixture(t *testing.T) *fixture {
	f := &fixture{rdb: redistest.Client(t), prefix: redistest.Prefix(t)}
	f.r = reserve.New(f.rdb, reserve.Config{Prefix: f.prefix})
	f.h = New(Deps{Settler: f.r})
	return f
}

// hold places a hold of 2 units of "limited" and the coupon for a new
// order, and returns its id.
func (f *fixture) hold(t *testing.T) string {
	now := time.Now()
	id := order.NewID(now)
	err := f.r.Hold(context.Background(), reserve.Request{OrderID: id, UserID: "u-1", StoreID: "s-1", Day: "2026-11-21",
		Lines: []reserve.Line{{SKU: "limited", Qty: 2, Limit: 10}}, CouponID: "cp-1", CouponExpires: now.Add(time.Hour),
		PayDeadline: now.Add(15 * time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func (f *fixture) stock() int {
	n, _ := f.rdb.Get(context.Background(), f.prefix+"stock:s-1:2026-11-21:limited").Int()
	return n
}

func (f *fixture) coupon() string {
	return f.rdb.Get(context.Background(), f.prefix+"coupon:u-1:cp-1").Val()
}

// event is the JSON of an event of type on order id at version; an
// order.cancelled tells the status it cancelled from.
func event(typ order.EventType, id string, from order.Status, version int64) []byte {
	ev := order.Event{EventID: order.EventIDFor(id, version, 1), Type: typ, OrderID: id, UserID: "u-1",
		StoreID: "s-1", OrderVersion: version, OccurredAt: time.Now().UTC()}
	if typ == order.EventCancelled {
		ev.Data = order.CancelledData{From: from, Action: order.ActionCancel}
	}
	b, err := json.Marshal(ev)
	if err != nil {
		panic(err)
	}
	return b
}

func (f *fixture) deliver(t *testing.T, body []byte) handler.Response {
	t.Helper()
	req := handler.Request{Method: http.MethodPost, Body: body, Header: http.Header{}}
	req.WithContext(context.Background())
	resp, err := f.h.Handle(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

func TestCancelledBeforePaymentGivesEverythingBack(t *testing.T) {
	f := newFixture(t)
	id := f.hold(t)
	cancelled := event(order.EventCancelled, id, order.StatusPendingPayment, 2)
	for range 3 { // redelivered: settled once
		if resp := f.deliver(t, cancelled); resp.StatusCode != 200 {
			t.Fatalf("answered %d %s", resp.StatusCode, resp.Body)
		}
	}
	if f.stock() != 0 || f.coupon() != "" {
		t.Fatalf("stock %d, coupon %q after cancellation", f.stock(), f.coupon())
	}
}

func TestPaidThenCancelledKeepsTheCouponSpent(t *testing.T) {
	f := newFixture(t)
	id := f.hold(t)
	paid, cancelled := event(order.EventPaid, id, order.StatusPendingPayment, 2), event(order.EventCancelled, id, order.StatusPaid, 3)
	for _, body := range [][]byte{cancelled, paid, paid} { // out of order and twice
		if resp := f.deliver(t, body); resp.StatusCode != 200 {
			t.Fatalf("answered %d %s", resp.StatusCode, resp.Body)
		}
	}
	if f.stock() != 0 || f.coupon() != "s:"+id {
		t.Fatalf("stock %d, coupon %q", f.stock(), f.coupon())
	}
}

// A full refund before delivery gives the stock back and keeps the coupon
// spent; a partial one (or one after delivery) leaves the holds alone.
func TestFullRefundBeforeDeliveryReleasesStock(t *testing.T) {
	for _, releases := range []bool{false, true} {
		f := newFixture(t)
		id := f.hold(t)
		refunded := order.Event{EventID: order.EventIDFor(id, 3, 1), Type: order.EventRefundSucceeded, OrderID: id,
			UserID: "u-1", StoreID: "s-1", OrderVersion: 3, OccurredAt: time.Now().UTC(),
			Data: order.RefundSucceededData{Full: releases, ReleasesStock: releases, Kind: order.KindRefund}}
		body, _ := json.Marshal(refunded)
		for _, b := range [][]byte{event(order.EventPaid, id, order.StatusPendingPayment, 2), body, body} {
			if resp := f.deliver(t, b); resp.StatusCode != 200 {
				t.Fatalf("answered %d %s", resp.StatusCode, resp.Body)
			}
		}
		wantStock := 2
		if releases {
			wantStock = 0
		}
		if f.stock() != wantStock || f.coupon() != "s:"+id {
			t.Errorf("releases_stock %v: stock %d, coupon %q", releases, f.stock(), f.coupon())
		}
	}
}

func TestBadEventsAndOutages(t *testing.T) {
	f := newFixture(t)
	if resp := f.deliver(t, []byte(`{"nonsense":`)); resp.StatusCode != 400 || events.FromStatus(resp.StatusCode, resp.Header, resp.Body) == nil {
		t.Fatalf("malformed: %d", resp.StatusCode)
	}
	if resp := f.deliver(t, event(order.EventDelivered, "x", order.Status{}, 5)); resp.StatusCode != 200 {
		t.Fatalf("ignored event: %d", resp.StatusCode)
	}
	m := miniredis.RunT(t)
	down := redis.NewClient(&redis.Options{Addr: m.Addr(), MaxRetries: -1})
	m.Close()
	f.h = New(Deps{Settler: reserve.New(down, reserve.Config{})})
	resp := f.deliver(t, event(order.EventPaid, "x", order.Status{}, 2))
	err := events.FromStatus(resp.StatusCode, resp.Header, resp.Body)
	var ra *events.RetryAfter
	if resp.StatusCode != 503 || events.IsPermanent(err) || !errors.As(err, &ra) {
		t.Fatalf("redis down: %d %v", resp.StatusCode, err)
	}
}

func TestDurableConsumerSettlesHolds(t *testing.T) {
	f := newFixture(t)
	srv := eventstest.Start(t)
	nc := srv.Connect()
	js := srv.JetStream(nc)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c, err := events.NewConsumer(ctx, js, events.ConsumerSpec{Name: "holds-test",
		Subjects: []string{events.Subject(order.EventPaid), events.Subject(order.EventCancelled)}}, f.h.HandleMessage, nil)
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = c.Run(ctx) }()
	id := f.hold(t)
	msg := nats.NewMsg(events.Subject(order.EventCancelled))
	msg.Data = event(order.EventCancelled, id, order.StatusPendingPayment, 2)
	if _, err := js.PublishMsg(ctx, msg); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for f.stock() != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("hold not released: stock %d", f.stock())
		}
		time.Sleep(20 * time.Millisecond)
	}
}
