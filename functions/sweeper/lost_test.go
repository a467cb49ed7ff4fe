package function

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	holdsfn "github.com/ordercenter/ordercenter/functions/holds"
	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/timers"
)

// A paid order is cancelled and its order.cancelled deleted from the
// stream before the refund function's consumer sees it: nothing is
// refunded until the grace has passed, then the sweeper asks for the
// full refund and the sandbox provider refunds it once; a second sweep
// and the event arriving late change nothing.
func TestLostCancellationIsRefundedOnce(t *testing.T) {
	backends.Each(t, func(t *testing.T, s kv.Store) {
		r := newLostRig(t, s)
		sw := r.sweeper()
		id := r.placePaid(t, "u-1")
		r.cancel(t, id)
		cancelled := r.event(t, id, order.EventCancelled)
		r.lose(t, cancelled)
		r.consume(t, "lost-refund", r.refundConsumer, order.EventCancelled, order.EventRefundRequested)
		refundID := order.CancelRefundID(id)

		if rf, _ := handoffs(t, sw); rf.Due != 0 || len(r.refundsOf(t, id)) != 0 {
			t.Fatalf("within the grace the sweeper acted: %+v, refunds %v", rf, r.refundsOf(t, id))
		}
		r.clock.Advance(3 * time.Minute)
		if rf, _ := handoffs(t, sw); rf.Due != 1 || rf.Finished != 1 {
			t.Fatalf("first sweep past the grace: %+v, want 1 finished", rf)
		}
		r.assertRefundedOnce(t, id, refundID)
		if rf, _ := handoffs(t, sw); rf.Due != 0 {
			t.Fatalf("second sweep found %+v, want nothing due", rf)
		}
		r.settled(t, "lost-refund", r.deliverLate(t, cancelled))
		r.assertRefundedOnce(t, id, refundID)
		if got := r.checks(t, orderstore.CheckCancelRefund); len(got) != 0 {
			t.Errorf("checks left: %v", got)
		}
	})
}

// assertRefundedOnce checks that the order holds one refund, the full
// one under refundID, that the provider carried out once.
func (r *lostRig) assertRefundedOnce(t *testing.T, id, refundID string) {
	t.Helper()
	rfs := r.refundsOf(t, id)
	if len(rfs) != 1 || rfs[0].RefundID != refundID || rfs[0].Amount != 5800 {
		t.Fatalf("refunds of %s: %+v, want the full one %s", id, rfs, refundID)
	}
	if n := r.sandbox.Refunds(refundID); n.Executed != 1 {
		t.Fatalf("provider refunded %s %d times (%d calls), want once", refundID, n.Executed, n.Calls)
	}
}

// A paid order's order.paid is deleted from the stream before the holds
// function's consumer sees it: after the grace the sweeper confirms its
// holds (coupon spent, unpaid place freed in Redis and in the store),
// once; a second sweep and the event arriving late change nothing.
func TestLostPaymentConfirmsHoldsOnce(t *testing.T) {
	backends.Each(t, func(t *testing.T, s kv.Store) {
		r := newLostRig(t, s)
		sw := r.sweeper()
		id := r.placePaid(t, "u-1")
		paid := r.event(t, id, order.EventPaid)
		r.lose(t, paid)
		h := holdsfn.New(holdsfn.Deps{Settler: r.holds, Orders: r.repo})
		r.consume(t, "lost-holds", h.HandleMessage, order.EventPaid)
		stock := r.stock(t)

		if _, hs := handoffs(t, sw); hs.Due != 0 || r.confirmed(t, "u-1", id) {
			t.Fatalf("within the grace the sweeper acted: %+v", hs)
		}
		r.clock.Advance(3 * time.Minute)
		if _, hs := handoffs(t, sw); hs.Due != 1 || hs.Finished != 1 || !r.confirmed(t, "u-1", id) {
			t.Fatalf("first sweep past the grace: %+v, confirmed %v; want 1 finished", hs, r.confirmed(t, "u-1", id))
		}
		if _, hs := handoffs(t, sw); hs.Due != 0 {
			t.Fatalf("second sweep found %+v, want nothing due", hs)
		}
		r.settled(t, "lost-holds", r.deliverLate(t, paid))
		if !r.confirmed(t, "u-1", id) || r.stock(t) != stock {
			t.Fatalf("after the late event: confirmed %v, stock %d (was %d)", r.confirmed(t, "u-1", id), r.stock(t), stock)
		}
		if done, err := r.holds.FinishPaid(context.Background(), id); done || err != nil {
			t.Fatalf("confirming again: done %v, %v", done, err)
		}
	})
}

func (r *lostRig) stock(t *testing.T) int {
	t.Helper()
	n, err := r.holds.Stock(context.Background(), "s-1", "2026-11-21", "limited")
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// Two sweepers race over 200 orders paid and cancelled whose events no
// consumer saw: every order is refunded once at the provider and its
// holds confirmed once, and no check is left.
func TestTwoSweepersFinishEachLostHandoffOnce(t *testing.T) {
	backends.Each(t, func(t *testing.T, s kv.Store) {
		const n = 200
		r := newLostRig(t, s)
		ids := make([]string, n)
		for i := range ids {
			ids[i] = r.placePaid(t, fmt.Sprintf("u-%03d", i))
			r.cancel(t, ids[i])
		}
		r.clock.Advance(3 * time.Minute)
		var refunds, holds timers.HandoffReport
		var mu sync.Mutex
		var wg sync.WaitGroup
		for range 2 {
			sw := r.sweeper()
			wg.Go(func() {
				for {
					report := sw.Sweep(context.Background())
					if len(report.Errors) > 0 {
						t.Errorf("sweep failed: %v", report.Errors)
						return
					}
					rf := report.Tasks[LostCancelRefunds].(timers.HandoffReport)
					hs := report.Tasks[LostPaidHolds].(timers.HandoffReport)
					mu.Lock()
					refunds.Finished, refunds.Already = refunds.Finished+rf.Finished, refunds.Already+rf.Already
					holds.Finished, holds.Already = holds.Finished+hs.Finished, holds.Already+hs.Already
					mu.Unlock()
					if rf.Due == 0 && hs.Due == 0 {
						return
					}
				}
			})
		}
		wg.Wait()
		if t.Failed() {
			return
		}
		t.Logf("refunds %+v, holds %+v", refunds, holds)
		if refunds.Finished != n || holds.Finished != n {
			t.Fatalf("finished %d refunds and %d holds, want %d each", refunds.Finished, holds.Finished, n)
		}
		for i, id := range ids {
			r.assertRefundedOnce(t, id, order.CancelRefundID(id))
			if !r.confirmed(t, fmt.Sprintf("u-%03d", i), id) {
				t.Fatalf("holds of %s not confirmed", id)
			}
		}
		if a, b := r.checks(t, orderstore.CheckCancelRefund), r.checks(t, orderstore.CheckPaidHolds); len(a)+len(b) != 0 {
			t.Errorf("checks left: %v %v", a, b)
		}
	})
}

// A run takes on at most the batch of due checks and says more are left;
// the next runs go on until none is.
func TestHandoffRunIsBounded(t *testing.T) {
	r := newLostRig(t, backends.Bolt(t))
	for i := range 12 {
		r.placePaid(t, fmt.Sprintf("u-%d", i))
	}
	r.clock.Advance(3 * time.Minute)
	sw := New(nil, lostEventTasks(r.repo, r.refunds, r.holds, timers.Config{Now: r.clock.Now, Batch: 5})...)
	var got []int
	for {
		_, hs := handoffs(t, sw)
		if hs.Due > 5 || (hs.Due == 5) != hs.More {
			t.Fatalf("run %+v: more than the batch, or More wrong", hs)
		}
		got = append(got, hs.Finished)
		if hs.Due == 0 {
			break
		}
	}
	if fmt.Sprint(got) != "[5 5 2 0]" {
		t.Errorf("finished per run %v, want [5 5 2 0]", got)
	}
}

// An unpaid order's order.cancelled is deleted from the stream before the
// holds function sees it: after the grace the sweeper releases its holds
// (stock back, the coupon given back, as the event would have), once.
func TestLostCancellationReleasesHoldsOnce(t *testing.T) {
	backends.Each(t, func(t *testing.T, s kv.Store) {
		r := newLostRig(t, s)
		sw := r.sweeper()
		id := r.placeUnpaid(t, "u-1")
		before := r.stock(t)
		r.cancel(t, id)
		r.lose(t, r.event(t, id, order.EventCancelled))
		released := func() timers.HandoffReport {
			t.Helper()
			report := sw.Sweep(context.Background())
			if len(report.Errors) > 0 {
				t.Fatalf("sweep failed: %v", report.Errors)
			}
			return report.Tasks[LostCancelHolds].(timers.HandoffReport)
		}
		if rep := released(); rep.Due != 0 || r.stock(t) != before {
			t.Fatalf("within the grace the sweeper acted: %+v", rep)
		}
		r.clock.Advance(3 * time.Minute)
		if rep := released(); rep.Due != 1 || rep.Finished != 1 {
			t.Fatalf("first sweep past the grace: %+v, want 1 finished", rep)
		}
		coupon := r.rdb.Get(context.Background(), r.prefix+"coupon:{user:u-1}:cp-1").Val()
		if r.stock(t) != before-1 || coupon != "" {
			t.Fatalf("after the sweep: stock %d (was %d), coupon %q: want the unit and the coupon back", r.stock(t), before, coupon)
		}
		if rep := released(); rep.Due != 0 || len(r.checks(t, orderstore.CheckCancelHolds)) != 0 {
			t.Fatalf("second sweep found %+v, want nothing due", rep)
		}
	})
}
