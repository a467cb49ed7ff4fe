package function

import (
	"context"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/payment/ledger"
	"github.com/ordercenter/ordercenter/shared/payment/sandbox"
	"github.com/ordercenter/ordercenter/shared/refund"
	"github.com/ordercenter/ordercenter/shared/timers"
)

// 200 orders paid at the provider just as their deadline passes, half the
// webhooks dropped and redelivered late, while two sweepers reconcile and
// fire the payment timers: each order ends exactly one of paid (no
// refund) or cancelled with its payment returned once, never both; its
// payment ledger says the same (one payment applied, or one return and
// its refund settled), never more.
func TestReconciliationRacingWebhooksAndTimers(t *testing.T) {
	backends.Each(t, func(t *testing.T, s kv.Store) {
		r := newPayRig(t, s)
		ids := r.placeUnpaid(t, 200)
		r.clock.Advance(15*time.Minute + time.Second)
		r.sandbox.SetFaults(sandbox.Faults{DropWebhooksNext: len(ids) / 2})
		// the looks before the deadline are over: the payment timers,
		// asking the provider first, race the payments
		if got, err := r.sweeper().tasks[0].Run(context.Background()); err != nil || got.(timers.PayCheckReport).Done != len(ids) {
			t.Fatalf("looks past the deadline: %+v %v", got, err)
		}
		events := r.race(t, ids)
		for _, ev := range events { // every webhook once more, late
			r.redeliver(t, ev)
		}
		r.settleReturns(t)
		paid := 0
		for _, id := range ids {
			if r.oneOutcome(t, id) {
				paid++
			}
		}
		t.Logf("%d paid, %d cancelled and returned", paid, len(ids)-paid)
	})
}

// race pays the orders at the provider in a random order, redelivering
// the dropped webhooks as they come, while two sweepers sweep; it
// returns the payments' event ids.
func (r *payRig) race(t *testing.T, ids []string) []string {
	events := make([]string, len(ids))
	dropped := make(chan string, len(ids))
	perm := rand.Perm(len(ids))
	var next atomic.Int64
	var payers, others sync.WaitGroup
	start := make(chan struct{})
	for range 4 {
		payers.Go(func() {
			<-start
			for k := next.Add(1) - 1; k < int64(len(ids)); k = next.Add(1) - 1 {
				i := perm[k]
				d, err := r.sandbox.Pay(context.Background(), sandbox.PayRequest{OrderID: ids[i], Amount: 5800, Currency: "CNY"})
				if err != nil {
					t.Error(err)
				}
				if events[i] = d.Event.EventID; d.Withheld != "" {
					dropped <- d.Event.EventID
				}
			}
		})
	}
	others.Go(func() {
		for ev := range dropped { // may be dropped again: all are redelivered after
			_, _ = r.sandbox.Redeliver(context.Background(), ev)
		}
	})
	var paying atomic.Bool
	paying.Store(true)
	for range 2 {
		sw := r.sweeper()
		others.Go(func() {
			for paying.Load() {
				sw.Sweep(context.Background())
			}
		})
	}
	close(start)
	payers.Wait()
	paying.Store(false)
	close(dropped)
	others.Wait()
	r.sweepOnce(r.sweeper()) // the timers the race left
	return events
}

// settleReturns lets the refund task carry out every payment return.
func (r *payRig) settleReturns(t *testing.T) {
	t.Helper()
	sw := r.sweeper()
	r.clock.Advance(2 * time.Minute)
	for range 30 {
		if rep := sw.Sweep(context.Background()); rep.Tasks["refunds"].(refund.ResumeReport).Found == 0 {
			return
		}
	}
	t.Fatal("payment returns left after 30 sweeps")
}

// oneOutcome fails unless the order is paid once with no refund, or
// cancelled by its timer with one payment return carried out once; it
// reports whether it was paid.
func (r *payRig) oneOutcome(t *testing.T, id string) bool {
	t.Helper()
	o, n := r.get(t, id), r.moves(t, id)
	paid, cancelled := n[order.EventPaid.String()], n[order.EventCancelled.String()]
	rfs := o.Refunds()
	taken, returned, settled := r.ledgerSays(t, id)
	switch {
	case o.Status() == order.StatusPaid && paid == 1 && cancelled == 0 && len(rfs) == 0 &&
		taken == 1 && returned == 0 && settled == 0:
		return true
	case o.Status() == order.StatusCancelled && paid == 0 && cancelled == 1 && len(rfs) == 1 &&
		rfs[0].Kind == order.KindPaymentReturn && rfs[0].Status == order.RefundSucceeded &&
		r.sandbox.Refunds(rfs[0].RefundID).Executed == 1 && taken == 0 && returned == 1 && settled == 1:
		return false
	}
	t.Errorf("order %s: %s, changes %v, refunds %+v; ledger: %d payments applied, %d returns, %d refunds settled",
		id, o.Status(), n, rfs, taken, returned, settled)
	return false
}

// ledgerSays counts what the order's payment ledger says was applied:
// payments taken (by webhook or query), payment returns, refunds settled.
func (r *payRig) ledgerSays(t *testing.T, id string) (taken, returned, settled int) {
	t.Helper()
	page, err := r.repo.PaymentLedger().Entries(context.Background(), id, 100, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range page.Entries {
		if e.Outcome != ledger.OutcomeApplied {
			continue
		}
		switch e.Kind {
		case ledger.KindNotification, ledger.KindQuery:
			if e.Status == ledger.StatusSucceeded {
				taken++
			}
		case ledger.KindPaymentReturn:
			returned++
		case ledger.KindRefundSettled:
			settled++
		}
	}
	return taken, returned, settled
}
