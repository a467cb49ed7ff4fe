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
	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/order/orderstore/orderstoretest"
	"github.com/ordercenter/ordercenter/shared/redistest"
	"github.com/ordercenter/ordercenter/shared/reserve"
)

// fixture is holds over a real Redis (under a prefix of the test's own)
// and a real store, whose orders the events come from.
type fixture struct {
	rdb    redis.UniversalClient
	prefix string
	r      *reserve.Reserver
	repo   *orderstore.Repository
	h      *Holds
	now    time.Time
}

func newFixture(t *testing.T, s kv.Store) *fixture {
	f := &fixture{rdb: redistest.Client(t), prefix: redistest.Prefix(t), repo: orderstore.New(s, orderstore.Options{}),
		now: time.Now()}
	f.r = reserve.New(f.rdb, reserve.Config{Prefix: f.prefix, Store: f.repo})
	f.h = New(Deps{Settler: f.r, Orders: f.repo})
	return f
}

// limit is the daily limit of "limited".
const limit = 3

// place stores a new order of u-1 at s-1 and holds for it 2 units of
// "limited" and the coupon, and returns its id.
func (f *fixture) place(t *testing.T) string {
	t.Helper()
	rec := orderstoretest.Place(t, f.repo, orderstoretest.Spec{Now: f.now})
	f.hold(t, rec.OrderID, 2, "cp-1")
	return rec.OrderID
}

// hold holds qty units of "limited", and the coupon if one is named, for
// the order id.
func (f *fixture) hold(t *testing.T, id string, qty int, coupon string) {
	t.Helper()
	err := f.r.Hold(context.Background(), reserve.Request{OrderID: id, UserID: "u-1", StoreID: "s-1", Day: "2026-11-21",
		Lines: []reserve.Line{{SKU: "limited", Qty: qty, Limit: limit}}, CouponID: coupon, CouponExpires: f.now.Add(time.Hour),
		PayDeadline: f.now.Add(15 * time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
}

// soldOut tells, through reserve, whether the day's "limited" is all
// held: another order cannot hold one more (when it can, it holds it).
func (f *fixture) soldOut(t *testing.T) bool {
	t.Helper()
	err := f.r.Hold(context.Background(), reserve.Request{OrderID: order.NewID(f.now), UserID: "u-probe", StoreID: "s-1",
		Day: "2026-11-21", Lines: []reserve.Line{{SKU: "limited", Qty: 1, Limit: limit}}, PayDeadline: f.now.Add(time.Minute)})
	if err != nil && !errors.Is(err, reserve.ErrOutOfStock) {
		t.Fatal(err)
	}
	return err != nil
}

func (f *fixture) stock() int {
	n, _ := f.r.Stock(context.Background(), "s-1", "2026-11-21", "limited")
	return n
}

func (f *fixture) coupon() string {
	return f.rdb.Get(context.Background(), f.prefix+"coupon:{user:u-1}:cp-1").Val()
}

// update makes one move of the stored order and returns the event of the
// change, as the repository stored it.
func (f *fixture) update(t *testing.T, id string, move func(o *order.Order) error) order.Event {
	t.Helper()
	ctx := context.Background()
	rec, err := f.repo.Update(ctx, id, 0, move)
	if err != nil {
		t.Fatal(err)
	}
	changes, err := f.repo.Timeline(ctx, id)
	if err != nil || len(changes) == 0 || changes[len(changes)-1].Version != rec.Version {
		t.Fatalf("timeline of %s at version %d: %v %v", id, rec.Version, changes, err)
	}
	return changes[len(changes)-1].Events[0]
}

func (f *fixture) pay(o *order.Order) error { return orderstoretest.Pay(o, f.now) }

func (f *fixture) cancel(o *order.Order) error {
	return o.Apply(order.ActionCancel, order.Actor{Role: order.RoleUser, ID: o.UserID()}, "", f.now)
}

// refund refunds amount of the order (0: all), by its merchant, and
// settles it at once.
func (f *fixture) refund(t *testing.T, id string, amount int64) order.Event {
	t.Helper()
	f.update(t, id, func(o *order.Order) error {
		_, _, err := o.RequestRefund(order.RefundRequest{RefundID: "rf-1", Amount: amount}, orderstoretest.Merchant("s-1"), f.now)
		return err
	})
	return f.update(t, id, func(o *order.Order) error {
		_, err := o.CompleteRefund("rf-1", order.RefundOutcome{Succeeded: true}, order.System("provider"), f.now)
		return err
	})
}

func body(ev order.Event) []byte {
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
	backends.Each(t, func(t *testing.T, s kv.Store) {
		f := newFixture(t, s)
		id := f.place(t)
		cancelled := body(f.update(t, id, f.cancel))
		for range 3 { // redelivered: settled once
			if resp := f.deliver(t, cancelled); resp.StatusCode != 200 {
				t.Fatalf("answered %d %s", resp.StatusCode, resp.Body)
			}
		}
		if f.stock() != 0 || f.coupon() != "" || f.soldOut(t) {
			t.Fatalf("stock %d, coupon %q after cancellation", f.stock(), f.coupon())
		}
	})
}

func TestPaidThenCancelledKeepsTheCouponSpent(t *testing.T) {
	f := newFixture(t, backends.Bolt(t))
	id := f.place(t)
	paid := body(f.update(t, id, f.pay))
	cancelled := body(f.update(t, id, f.cancel))
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
	for _, full := range []bool{false, true} {
		f := newFixture(t, backends.Bolt(t))
		id := f.place(t)
		paid := f.update(t, id, f.pay)
		amount := int64(100)
		if full {
			amount = 0
		}
		refunded := f.refund(t, id, amount)
		if d := refunded.Data.(order.RefundSucceededData); d.ReleasesStock != full {
			t.Fatalf("refund of %d: %+v", amount, d)
		}
		for _, b := range [][]byte{body(paid), body(refunded), body(refunded)} {
			if resp := f.deliver(t, b); resp.StatusCode != 200 {
				t.Fatalf("answered %d %s", resp.StatusCode, resp.Body)
			}
		}
		wantStock := 2
		if full {
			wantStock = 0
		}
		if f.stock() != wantStock || f.coupon() != "s:"+id {
			t.Errorf("full refund %v: stock %d, coupon %q", full, f.stock(), f.coupon())
		}
	}
}

// An event the order's record does not hold releases nothing, however it
// was signed: a cancellation of a paid order (at its paid version, or at
// one it never had), of an order the store does not have, a full refund
// it never had. Each is refused for good (400; permanent on the JetStream
// path) and counted.
func TestContradictedEventsReleaseNothing(t *testing.T) {
	backends.Each(t, func(t *testing.T, s kv.Store) {
		contradicted := eventstest.Contradicted(t)
		f := newFixture(t, s)
		id := f.place(t)
		paid := f.update(t, id, f.pay)
		unknown := order.NewID(f.now) // held in Redis, unknown to the store
		f.hold(t, unknown, limit-2, "")
		cancelled := func(id string, version int64) order.Event {
			return order.Event{EventID: order.EventIDFor(id, version, 1), Type: order.EventCancelled, OrderID: id,
				UserID: "u-1", StoreID: "s-1", OrderVersion: version, OccurredAt: f.now.UTC(),
				Data: order.CancelledData{Action: order.ActionCancel, From: order.StatusPaid, Reason: "forged"}}
		}
		refunded := order.Event{EventID: order.EventIDFor(id, 3, 1), Type: order.EventRefundSucceeded, OrderID: id,
			UserID: "u-1", StoreID: "s-1", OrderVersion: 3, OccurredAt: f.now.UTC(),
			Data: order.RefundSucceededData{Amount: 5800, Currency: "CNY", Full: true, Kind: order.KindRefund,
				RefundID: "rf-x", Refunded: 5800, ReleasesStock: true}}
		forged := []struct {
			name  string
			ev    order.Event
			field string
		}{
			{"cancelled at the paid version", cancelled(id, paid.OrderVersion), "type"},
			{"cancelled at a version never had", cancelled(id, 3), "order_version"},
			{"cancelled, unknown order", cancelled(unknown, 2), "order_id"},
			{"full refund never made", refunded, "order_version"},
		}
		for _, tt := range forged {
			resp := f.deliver(t, body(tt.ev))
			var got struct {
				Error struct {
					Code    string
					Details []struct{ Field string }
				}
			}
			_ = json.Unmarshal(resp.Body, &got)
			if resp.StatusCode != 400 || got.Error.Code != "invalid_request" || len(got.Error.Details) != 1 ||
				got.Error.Details[0].Field != tt.field {
				t.Errorf("%s: answered %d %s, want 400 naming %s", tt.name, resp.StatusCode, resp.Body, tt.field)
			}
			if err := events.FromStatus(resp.StatusCode, resp.Header, resp.Body); !events.IsPermanent(err) {
				t.Errorf("%s: the connector would retry: %v", tt.name, err)
			}
			if _, err := f.h.Apply(context.Background(), tt.ev); !events.IsPermanent(err) || !errors.Is(err, orderstore.ErrEventUnknown) {
				t.Errorf("%s: Apply: %v, want permanent", tt.name, err)
			}
		}
		if f.stock() != limit || !f.soldOut(t) || f.coupon() == "" {
			t.Fatalf("forged events released holds: stock %d, coupon %q", f.stock(), f.coupon())
		}
		if n := contradicted(Name); n != 2*int64(len(forged)) {
			t.Fatalf("%s{consumer=holds} = %d, want %d", events.ContradictedMetric, n, 2*len(forged))
		}
		if resp := f.deliver(t, body(paid)); resp.StatusCode != 200 {
			t.Fatalf("the genuine payment: %d %s", resp.StatusCode, resp.Body)
		}
	})
}

func TestBadEventsAndOutages(t *testing.T) {
	f := newFixture(t, backends.Bolt(t))
	if resp := f.deliver(t, []byte(`{"nonsense":`)); resp.StatusCode != 400 || events.FromStatus(resp.StatusCode, resp.Header, resp.Body) == nil {
		t.Fatalf("malformed: %d", resp.StatusCode)
	}
	ignored := order.Event{EventID: "x-5-1", Type: order.EventDelivered, OrderID: "x", OrderVersion: 5}
	if resp := f.deliver(t, body(ignored)); resp.StatusCode != 200 {
		t.Fatalf("ignored event: %d", resp.StatusCode)
	}
	id := f.place(t)
	paid := body(f.update(t, id, f.pay))
	transient := func(what string, h *Holds) {
		t.Helper()
		f.h = h
		resp := f.deliver(t, paid)
		err := events.FromStatus(resp.StatusCode, resp.Header, resp.Body)
		var ra *events.RetryAfter
		if resp.StatusCode != 503 || events.IsPermanent(err) || !errors.As(err, &ra) {
			t.Fatalf("%s: %d %v", what, resp.StatusCode, err)
		}
	}
	m := miniredis.RunT(t)
	down := redis.NewClient(&redis.Options{Addr: m.Addr(), MaxRetries: -1})
	m.Close()
	transient("redis down", New(Deps{Settler: reserve.New(down, reserve.Config{}), Orders: f.repo}))
	transient("store down", New(Deps{Settler: f.r, Orders: orderstore.New(backends.Unreachable(t), orderstore.Options{})}))
	transient("no store", New(Deps{Settler: f.r}))
	if f.stock() != 2 || f.coupon() == "s:"+id {
		t.Fatalf("settled without the store: stock %d, coupon %q", f.stock(), f.coupon())
	}
}

func TestDurableConsumerSettlesHolds(t *testing.T) {
	f := newFixture(t, backends.Bolt(t))
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
	id := f.place(t)
	msg := nats.NewMsg(events.Subject(order.EventCancelled))
	msg.Data = body(f.update(t, id, f.cancel))
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

// Holds confirmed by the event remove the hand-off check the payment left,
// so the sweeper meets only the checks of lost events.
func TestConfirmingRemovesTheHandoffCheck(t *testing.T) {
	backends.Each(t, func(t *testing.T, s kv.Store) {
		f := newFixture(t, s)
		id := f.place(t)
		paid := f.update(t, id, f.pay)
		checks := func() int {
			due, err := f.repo.DueTimers(context.Background(), orderstore.CheckPaidHolds, time.Now().Add(time.Hour), 100)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, c := range due {
				if c.OrderID == id {
					n++
				}
			}
			return n
		}
		if checks() != 1 {
			t.Fatal("the payment left no hand-off check")
		}
		if resp := f.deliver(t, body(paid)); resp.StatusCode != 200 {
			t.Fatalf("answered %d %s", resp.StatusCode, resp.Body)
		}
		if n := checks(); n != 0 {
			t.Errorf("%d checks left after the holds were confirmed", n)
		}
	})
}
