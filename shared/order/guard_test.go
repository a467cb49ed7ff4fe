package order_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/order"
)

func TestApplyRefusesWhatIsNotTheActors(t *testing.T) {
	tests := []struct {
		name   string
		status order.Status
		action order.Action
		by     order.Actor
	}{
		{"another user cancels", order.StatusPaid, order.ActionCancel,
			order.Actor{Role: order.RoleUser, ID: "u-2"}},
		{"another store accepts", order.StatusPaid, order.ActionAccept,
			order.Actor{Role: order.RoleMerchant, ID: "m-2", StoreID: "s-2"}},
		{"merchant without store", order.StatusPaid, order.ActionAccept,
			order.Actor{Role: order.RoleMerchant, ID: "m-1"}},
		{"another rider delivers", order.StatusDelivering, order.ActionDeliver,
			order.Actor{Role: order.RoleRider, ID: "r-2"}},
		{"anonymous rider picks up", order.StatusReady, order.ActionPickup,
			order.Actor{Role: order.RoleRider}},
		{"anonymous service cancels", order.StatusPaid, order.ActionCancel,
			order.Actor{Role: order.RoleService}},
		{"zero role", order.StatusPaid, order.ActionCancel, order.Actor{ID: "x"}},
		{"zero action", order.StatusPaid, order.Action{}, theService},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := orderIn(t, tt.status)
			before := o.Record()
			err := o.Apply(tt.action, tt.by, "", t0.Add(time.Hour))
			if !errors.Is(err, order.ErrNotAllowed) {
				t.Fatalf("Apply = %v, want ErrNotAllowed", err)
			}
			if o.Version() != before.Version || o.Status() != before.Status || len(o.Changes()) != 0 {
				t.Fatal("refused Apply changed the order")
			}
		})
	}
}

func TestApplyAnyRiderPicksUpAReadyOrder(t *testing.T) {
	o := orderIn(t, order.StatusReady)
	rider := order.Actor{Role: order.RoleRider, ID: "r-9"}
	if err := o.Apply(order.ActionPickup, rider, "", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if o.RiderID() != "r-9" || !o.VisibleTo(rider) || o.VisibleTo(theRider) {
		t.Fatalf("rider %q after pickup", o.RiderID())
	}
}

func TestApplyReason(t *testing.T) {
	long := strings.Repeat("é", order.MaxTextLen+1)
	o := orderIn(t, order.StatusPaid)
	if err := o.Apply(order.ActionReject, theMerchant, long, t0); !errors.Is(err, order.ErrInvalidOrder) {
		t.Fatalf("long reason: %v, want ErrInvalidOrder", err)
	}
	if o.Status() != order.StatusPaid || len(o.Changes()) != 0 {
		t.Fatal("refused Apply changed the order")
	}
	reason := strings.Repeat("é", order.MaxTextLen)
	if err := o.Apply(order.ActionReject, theMerchant, reason, t0); err != nil {
		t.Fatal(err)
	}
	c := o.Changes()[0]
	if d := c.Events[0].Data.(order.CancelledData); o.CancelReason() != reason || c.Reason != reason ||
		d.Reason != reason || d.Action != order.ActionReject {
		t.Fatalf("reason not recorded: %+v", c)
	}
}

func TestLifecycle(t *testing.T) {
	o := newOrder(t)
	at := t0
	step := func(f func() error) {
		t.Helper()
		at = at.Add(time.Minute)
		if err := f(); err != nil {
			t.Fatal(err)
		}
	}
	step(func() error { return o.Pay(order.Payment{TxnID: "txn-1", Amount: 5800, Currency: "CNY"}, at) })
	step(func() error { return o.Apply(order.ActionAccept, theMerchant, "", at) })
	step(func() error { return o.Apply(order.ActionReady, theMerchant, "", at) })
	step(func() error { return o.Apply(order.ActionPickup, theRider, "", at) })
	step(func() error { return o.Apply(order.ActionDeliver, theRider, "", at) })
	step(func() error { return o.Apply(order.ActionConfirm, theUser, "", at) })
	want := []order.EventType{order.EventCreated, order.EventPaid, order.EventAccepted, order.EventReady,
		order.EventDelivering, order.EventDelivered, order.EventCompleted}
	cs := o.Changes()
	if len(cs) != len(want) || o.Version() != 7 || !o.Status().IsFinal() {
		t.Fatalf("%d changes, version %d, status %s", len(cs), o.Version(), o.Status())
	}
	for i, c := range cs {
		if c.Type != want[i].String() || c.Events[0].Type != want[i] || c.Version != int64(i+1) || (i > 0 && c.From != cs[i-1].To) {
			t.Fatalf("change %d = %+v", i, c)
		}
	}
	if _, err := order.FromRecord(o.Record()); err != nil {
		t.Fatalf("FromRecord of a completed order: %v", err)
	}
}
