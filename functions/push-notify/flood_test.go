package function

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore/orderstoretest"
	"github.com/ordercenter/ordercenter/shared/ratelimit"
)

// The tests of this file check that a recipient is not flooded: a newer
// status supersedes an older one not yet sent, and a per-recipient rate
// limit holds pushes back.

func TestNewerStatusSupersedesOlder(t *testing.T) {
	f := newFixture(t)
	n := f.notifier(t)
	evs := f.stored(t, orderID, order.StatusDelivered)
	delivered, delivering := evs[order.EventDelivered], evs[order.EventDelivering]
	if err := n.Notify(context.Background(), delivered); err != nil {
		t.Fatal(err)
	}
	report, err := n.Process(context.Background(), delivering)
	if err != nil || len(report.Skipped) != 1 || report.Skipped[0].Reason != ReasonSuperseded {
		t.Fatalf("older status: %+v %v", report, err)
	}
	f.checkOnceEach(t, delivered.EventID+".user")
}

func TestRateLimitedOlderStatusIsDroppedOnRetry(t *testing.T) {
	f := newFixture(t)
	n := f.notifier(t, func(d *Deps) { d.Config.RateLimit = ratelimit.Limit{Count: 1, Period: time.Minute} })
	ctx := context.Background()
	evs := f.stored(t, orderID, order.StatusDelivered)
	accepted, delivering, delivered := evs[order.EventAccepted], evs[order.EventDelivering], evs[order.EventDelivered]
	if err := n.Notify(ctx, accepted); err != nil {
		t.Fatal(err)
	}
	for _, e := range []order.Event{delivering, delivered} {
		if err := n.Notify(ctx, e); !errors.Is(err, ErrRateLimited) {
			t.Fatalf("%s: %v, want rate limited", e.Type, err)
		}
	}
	f.clock.Advance(time.Minute)
	report, err := n.Process(ctx, delivering)
	if err != nil || len(report.Skipped) != 1 || report.Skipped[0].Reason != ReasonSuperseded {
		t.Fatalf("retry of the older status: %+v %v", report, err)
	}
	if err := n.Notify(ctx, delivered); err != nil {
		t.Fatal(err)
	}
	f.checkOnceEach(t, accepted.EventID+".user", delivered.EventID+".user")
}

func TestRefundsAreNotSupersededByStatuses(t *testing.T) {
	f := newFixture(t)
	n := f.notifier(t)
	// A refund of the accepted order fails (version 5), then its store
	// cancels it (version 6): the cancellation does not supersede the
	// refund's outcome.
	f.stored(t, orderID, order.StatusAccepted)
	merchant, now := orderstoretest.Merchant("s-1"), f.clock.Now()
	f.update(t, orderID, func(o *order.Order) error {
		_, _, err := o.RequestRefund(order.RefundRequest{RefundID: "rf-1", Amount: 100}, merchant, now)
		return err
	})
	f.update(t, orderID, func(o *order.Order) error {
		_, err := o.CompleteRefund("rf-1", order.RefundOutcome{Failure: "card closed"}, order.System("provider"), now)
		return err
	})
	evs := f.update(t, orderID, func(o *order.Order) error { return o.Apply(order.ActionCancel, merchant, "sold out", now) })
	cancelled, refund := evs[order.EventCancelled], evs[order.EventRefundFailed]
	if refund.OrderVersion >= cancelled.OrderVersion {
		t.Fatalf("refund at %d, cancellation at %d", refund.OrderVersion, cancelled.OrderVersion)
	}
	for _, e := range []order.Event{cancelled, refund} {
		if err := n.Notify(context.Background(), e); err != nil {
			t.Fatal(err)
		}
	}
	f.checkOnceEach(t, cancelled.EventID+".user", cancelled.EventID+".merchant", refund.EventID+".user")
}

func TestRateLimitPerRecipient(t *testing.T) {
	f := newFixture(t)
	n := f.notifier(t)
	ctx := context.Background()
	var ids []string
	for i := range 10 {
		e := f.stored(t, order.NewID(f.clock.Now()), order.StatusAccepted)[order.EventAccepted]
		if err := n.Notify(ctx, e); err != nil {
			t.Fatalf("push %d: %v", i+1, err)
		}
		ids = append(ids, e.EventID+".user")
		f.clock.Advance(time.Second)
	}
	eleventh := f.stored(t, order.NewID(f.clock.Now()), order.StatusAccepted)[order.EventAccepted]
	err := n.Notify(ctx, eleventh)
	var ra *events.RetryAfter
	if !errors.Is(err, ErrRateLimited) || !errors.As(err, &ra) || ra.After != 50*time.Second {
		t.Fatalf("11th push in a minute: %v, want a RetryAfter of the 50 s left", err)
	}
	other := f.storedBy(t, order.NewID(f.clock.Now()), order.StatusAccepted, "u-2", "s-1")[order.EventAccepted]
	if err := n.Notify(ctx, other); err != nil {
		t.Fatalf("another recipient: %v", err)
	}
	f.clock.Advance(ra.After)
	if err := n.Notify(ctx, eleventh); err != nil {
		t.Fatalf("once the window moved on: %v", err)
	}
	f.checkOnceEach(t, append(ids, other.EventID+".user", eleventh.EventID+".user")...)
}

func TestNoRateLimit(t *testing.T) {
	f := newFixture(t)
	n := f.notifier(t, func(d *Deps) { d.Config.RateLimit = ratelimit.Limit{} })
	for range 15 {
		e := f.stored(t, order.NewID(f.clock.Now()), order.StatusDelivered)[order.EventDelivered]
		if err := n.Notify(context.Background(), e); err != nil {
			t.Fatal(err)
		}
	}
	if got := len(f.notifications(t)); got != 15 {
		t.Fatalf("%d delivered", got)
	}
}
