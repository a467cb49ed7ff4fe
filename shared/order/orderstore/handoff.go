package orderstore

import (
	"context"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/order"
)

// Hand-off checks: kinds of the due-time index that are not business
// timers but a record, written with a change, of work that a consumer of
// one of the change's events must do and that nothing else would find
// again if the event were lost (design principle 2). The sweeper lists
// them with DueTimers once a grace period has let the event path go
// first, finishes the work idempotently (as the consumer would have) and
// removes them with DropTimer. The consumers remove their check
// themselves once they have done the work (HandedOff), so the sweeper
// meets only the checks of events that were lost.
//
// The index and not the master record: a marker on the master ("refund
// pending creation") cannot be found without scanning the table, as the
// table's only secondary index is local to a partition; an item in a
// due partition is one query away, and the sweeper's cost grows with
// the checks due, not with the orders stored. The item is written with
// the change itself (in its transaction, or among its concurrent derived
// writes: no extra round trip), so it exists before any event of the
// change is published and cannot be missed; one item of about 150 B (1
// write unit; 2 inside a transaction) and its delete (1 write unit).
const (
	// CheckCancelRefund: an order.cancelled saying refund_due, whose
	// consumer (the refund function) asks for the full refund
	// (order.CancelRefundID).
	CheckCancelRefund TimerKind = "cancel-refund"
	// CheckPaidHolds: an order.paid, whose consumer (the holds function)
	// confirms the order's holds.
	CheckPaidHolds TimerKind = "paid-holds"
	// CheckCancelHolds: an order.cancelled, whose consumer (the holds
	// function) releases the order's holds (the coupon given back when it
	// was never paid).
	CheckCancelHolds TimerKind = "cancel-holds"
	// CheckPayment: an order placed unpaid, whose payment the sweeper
	// looks up at the provider shortly before its deadline in case the
	// webhook never comes (reconciliation). Its At is the pay deadline;
	// the sweeper moves it (MoveTimer) to try again later.
	CheckPayment TimerKind = "pay-check"
)

// paymentCheck is the payment check a newly placed unpaid order leaves.
func paymentCheck(rec order.Record) (Timer, bool) {
	ok := rec.Version == 1 && rec.Status == order.StatusPendingPayment && !rec.PayDeadline.IsZero()
	return Timer{Kind: CheckPayment, OrderID: rec.OrderID, At: rec.PayDeadline.UTC()}, ok
}

// HandoffChecks are the checks that the event, once committed, leaves in
// the due index: for order.paid (its holds confirmed), for order.cancelled
// (its holds released) and, when it says refund_due, its full refund.
// Their At is when the event occurred.
func HandoffChecks(ev order.Event) []Timer {
	if ev.OrderID == "" || ev.OccurredAt.IsZero() {
		return nil
	}
	check := func(kind TimerKind) Timer { return Timer{Kind: kind, OrderID: ev.OrderID, At: ev.OccurredAt.UTC()} }
	switch ev.Type {
	case order.EventPaid:
		return []Timer{check(CheckPaidHolds)}
	case order.EventCancelled:
		checks := []Timer{check(CheckCancelHolds)}
		if d, _ := ev.Data.(order.CancelledData); d.RefundDue {
			checks = append(checks, check(CheckCancelRefund))
		}
		return checks
	}
	return nil
}

// checkWrites are the puts of the hand-off checks the intents' events
// leave.
func (r *Repository) checkWrites(intents []intent) []kv.Write {
	var writes []kv.Write
	for _, in := range intents {
		for _, ev := range in.Change.Events {
			for _, t := range HandoffChecks(ev) {
				writes = append(writes, kv.PutWrite(r.timerItem(t), kv.Always()))
			}
		}
	}
	return writes
}

// HandedOff removes the check of the kind that ev left (HandoffChecks),
// once its consumer has done that work: the sweeper then meets only the
// checks of events that were lost. No such check, or one already gone, is
// no error.
func (r *Repository) HandedOff(ctx context.Context, ev order.Event, kind TimerKind) error {
	for _, t := range HandoffChecks(ev) {
		if t.Kind == kind {
			return r.DropTimer(ctx, t)
		}
	}
	return nil
}
