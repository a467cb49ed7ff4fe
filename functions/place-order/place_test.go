package function

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/events/eventstest"
	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
)

func TestPlaceOrderAnswersTheOrderAndReplaysIt(t *testing.T) {
	backends.Each(t, func(t *testing.T, store kv.Store) {
		e := newEnv(t, store)
		k, b := key(), body(`"note":"no onions","expected_total":6000`, "noodles:2", "egg:1")
		resp := e.call("u-9", k, b)
		got := decodePlaced(t, resp)
		if got.Status != "PENDING_PAYMENT" || got.Delivery.Phone != "13800001234" || !order.ValidID(got.OrderID) {
			t.Fatalf("order %s", resp.Body)
		}
		want := map[string]int64{"items": 5900, "packing_fee": 100, "delivery_fee": 500, "discount": 500,
			"total": 6000, "paid": 0, "refunded": 0}
		for k, v := range want {
			if got.Amounts[k] != v {
				t.Fatalf("amounts %v, want %v (first order: delivery waived)", got.Amounts, want)
			}
		}
		if d := got.Payment.Deadline.Sub(got.CreatedAt); d != 15*time.Minute {
			t.Fatalf("pay deadline %s after creation, want 15m", d)
		}
		again := e.call("u-9", k, b)
		if again.StatusCode != 201 || string(again.Body) != string(resp.Body) || again.Header.Get(ReplayedHeader) != "true" {
			t.Fatalf("replay: %d %v %s", again.StatusCode, again.Header, again.Body)
		}
		if n := e.userOrders("u-9"); n != 1 {
			t.Fatalf("%d orders stored, want 1", n)
		}
		second := decodePlaced(t, e.call("u-9", key(), body("", "noodles:1")))
		if second.Amounts["discount"] != 0 || second.Amounts["total"] != 3400 {
			t.Fatalf("second order (no waiver): %v", second.Amounts)
		}
	})
}

func TestCouponDiscount(t *testing.T) {
	e := bolt(t)
	_ = decodePlaced(t, e.call("u-1", key(), body("", "egg:4"))) // not the first order any more
	got := decodePlaced(t, e.call("u-1", key(), body(`"coupon_id":"cp-5"`, "noodles:1")))
	if got.Amounts["discount"] != 500 || got.Amounts["total"] != 2800+100+500-500 {
		t.Fatalf("amounts %v", got.Amounts)
	}
}

func TestOrderCreatedIsPublished(t *testing.T) {
	srv := eventstest.Start(t)
	nc := srv.Connect()
	pub, err := events.NewPublisher(nc, nil)
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, backends.Bolt(t), func(d *Deps) {
		d.Orders = orderstore.New(backends.Bolt(t), orderstore.Options{Publisher: pub})
	})
	got := decodePlaced(t, e.call("u-7", key(), body("", "noodles:1")))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	stream, err := srv.JetStream(nc).Stream(ctx, events.Stream)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := stream.GetLastMsgForSubject(ctx, events.Subject(order.EventCreated))
	if err != nil {
		t.Fatal(err)
	}
	var ev order.Event
	if err := json.Unmarshal(msg.Data, &ev); err != nil || ev.OrderID != got.OrderID || ev.Type != order.EventCreated {
		t.Fatalf("event %s (%v), want order.created of %s", msg.Data, err, got.OrderID)
	}
	if msg.Header.Get(jetstream.MsgIDHeader) != ev.EventID {
		t.Fatalf("Nats-Msg-Id %q, want %q", msg.Header.Get(jetstream.MsgIDHeader), ev.EventID)
	}
}
