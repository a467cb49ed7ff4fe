package timers

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore/orderstoretest"
)

// An unpaid order cancelled by the timer while its payment races in ends
// either paid or cancelled, never both: the payment that loses finds the
// order cancelled (order.ErrInvalidTransition; pay-callback refunds it).
func TestPaymentRacingThePayTimeoutHasOneOutcome(t *testing.T) {
	backends.Each(t, func(t *testing.T, store kv.Store) {
		repo := newRepo(store)
		drain(t, repo)
		ids := overdueUnpaid(t, repo, 200)
		payErrs := make([]error, len(ids))
		var wg sync.WaitGroup
		start := make(chan struct{})
		perm := rand.Perm(len(ids)) // payments in another order than the timers'
		var next atomic.Int64
		for range 4 {
			wg.Go(func() {
				<-start
				for k := next.Add(1) - 1; k < int64(len(ids)); k = next.Add(1) - 1 {
					i := perm[k]
					_, payErrs[i] = repo.Update(context.Background(), ids[i], 0, func(o *order.Order) error {
						return orderstoretest.Pay(o, time.Now())
					})
				}
			})
		}
		var report Report
		wg.Go(func() { <-start; report = run(t, PayTimeout(repo, testConfig())) })
		close(start)
		wg.Wait()
		paid := 0
		for i, id := range ids {
			n := moves(t, repo, id)
			switch st := statusOf(t, repo, id); {
			case st == order.StatusPaid && payErrs[i] == nil && n["pay"] == 1 && n["pay_timeout"] == 0:
				paid++
			case st == order.StatusCancelled && errors.Is(payErrs[i], order.ErrInvalidTransition) && n["pay"] == 0 && n["pay_timeout"] == 1:
			default:
				t.Errorf("order %s: %s, payment %v, moves %v", id, st, payErrs[i], n)
			}
		}
		if report.Fired != len(ids)-paid || report.Fired+report.Stale+report.Kept != len(ids) {
			t.Errorf("%d paid of %d, timer report %+v", paid, len(ids), report)
		}
		t.Logf("%d paid, %d cancelled by the timer", paid, len(ids)-paid)
	})
}

// Two sweepers firing the same 1,000 due timers at once cancel each order
// once: the master's version guard lets one win, the other finds the order
// cancelled and drops the timer.
func TestTwoSweepersFireEachTimerOnce(t *testing.T) {
	backends.Each(t, func(t *testing.T, store kv.Store) {
		drain(t, newRepo(store))
		ids := overdueUnpaid(t, newRepo(store), 1000)
		reports := make([]Report, 2)
		var wg sync.WaitGroup
		for i := range reports {
			task := PayTimeout(newRepo(store), testConfig()) // a sweeper of its own
			wg.Go(func() { reports[i] = run(t, task) })
		}
		wg.Wait()
		repo := newRepo(store)
		for _, id := range ids {
			if st, n := statusOf(t, repo, id), moves(t, repo, id); st != order.StatusCancelled || n["pay_timeout"] != 1 || len(n) != 1 {
				t.Errorf("order %s: %s, moves %v", id, st, n)
			}
		}
		fired := reports[0].Fired + reports[1].Fired
		if fired != len(ids) || reports[0].Kept+reports[1].Kept != 0 {
			t.Errorf("fired %d of %d: %+v", fired, len(ids), reports)
		}
		if left := run(t, PayTimeout(repo, testConfig())); left.Due != 0 {
			t.Errorf("timers left: %+v", left)
		}
		t.Logf("sweeper reports: %+v", reports)
	})
}
