package function

import (
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/order"
)

// TestTextsOfEventsTheOrderModelMakes runs an order through its life with
// the order model and reads the pushes of the events it made, so that the
// texts read the data fields the model really writes. (Refund events are
// covered by the table of TestTextsOfEachEventAndRecipient, with the
// fields of shared/order's refundData.)
func TestTextsOfEventsTheOrderModelMakes(t *testing.T) {
	o, now := newOrder(t)
	step := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	merchant := order.Actor{Role: order.RoleMerchant, ID: "m-1", StoreID: "s-1"}
	rider := order.Actor{Role: order.RoleRider, ID: "r-1"}
	step(o.Pay(order.Payment{TxnID: "t-1", Amount: 2550, Currency: "CNY"}, now))
	step(o.Apply(order.ActionAccept, merchant, "", now))
	step(o.Apply(order.ActionReady, merchant, "", now))
	step(o.Apply(order.ActionPickup, rider, "", now))
	step(o.Apply(order.ActionDeliver, rider, "", now))

	expectPushes(t, o, []heard{
		{"user:u-1", "Payment received", "We received your payment of ¥25.50 for order #7K2M9Q. The store will confirm it shortly."},
		{"merchant:s-1", "New order", "New paid order #7K2M9Q for ¥25.50. Please accept it."},
		{"user:u-1", "Order accepted", "The store accepted order #7K2M9Q and is preparing it."},
		{"user:u-1", "On its way", "Order #7K2M9Q has been picked up and is on its way to you."},
		{"user:u-1", "Order delivered", "Order #7K2M9Q has been delivered. Enjoy!"},
	})
}

func TestTextsOfCancellationsTheOrderModelMakes(t *testing.T) {
	unpaid, now := newOrder(t)
	if err := unpaid.Apply(order.ActionPayTimeout, order.System("timer"), "", now); err != nil {
		t.Fatal(err)
	}
	expectPushes(t, unpaid, []heard{
		{"user:u-1", "Order cancelled", "Order #7K2M9Q was cancelled because it was not paid in time."},
	})
	paid, now := newOrder(t)
	if err := paid.Pay(order.Payment{TxnID: "t-1", Amount: 2550, Currency: "CNY"}, now); err != nil {
		t.Fatal(err)
	}
	if err := paid.Apply(order.ActionCancel, order.Actor{Role: order.RoleUser, ID: "u-1"}, "changed my mind", now); err != nil {
		t.Fatal(err)
	}
	expectPushes(t, paid, []heard{
		{"user:u-1", "Payment received", "We received your payment of ¥25.50 for order #7K2M9Q. The store will confirm it shortly."},
		{"merchant:s-1", "New order", "New paid order #7K2M9Q for ¥25.50. Please accept it."},
		{"user:u-1", "Order cancelled", "Order #7K2M9Q was cancelled. Your payment will be refunded."},
		{"merchant:s-1", "Order cancelled", "Order #7K2M9Q was cancelled. Please stop preparing it."},
	})
}

// newOrder is a new unpaid order of ¥25.50 by u-1 at s-1.
func newOrder(t *testing.T) (*order.Order, time.Time) {
	t.Helper()
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	return draft(t, orderID, "u-1", "s-1", now), now
}

// expectPushes plans the pushes of every event of o, in order, and compares
// them with want.
func expectPushes(t *testing.T, o *order.Order, want []heard) {
	t.Helper()
	var got []heard
	for _, c := range o.Changes() {
		for _, e := range c.Events {
			plan, err := Plan(viaJSON(t, e))
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range plan {
				got = append(got, heard{n.Recipient.String(), n.Title, n.Body})
			}
		}
	}
	if len(got) != len(want) {
		t.Fatalf("got %d pushes, want %d:\n%v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("push %d:\n got %v\nwant %v", i, got[i], want[i])
		}
	}
}
