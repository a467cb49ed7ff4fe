package timers

import (
	"context"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore/orderstoretest"
)

func TestPayTimeoutCancelsOverdueUnpaidOrders(t *testing.T) {
	backends.Each(t, func(t *testing.T, store kv.Store) {
		repo := newRepo(store)
		drain(t, repo)
		overdue := overdueUnpaid(t, repo, 2)
		paid := orderstoretest.Drive(t, repo, overdue[1], order.StatusPaid, "", time.Now())
		fresh := orderstoretest.Place(t, repo, orderstoretest.Spec{})
		got := run(t, PayTimeout(repo, testConfig()))
		if got != (Report{Due: 2, Fired: 1, Stale: 1}) {
			t.Errorf("report %+v", got)
		}
		if statusOf(t, repo, overdue[0]) != order.StatusCancelled || statusOf(t, repo, paid.OrderID) != order.StatusPaid ||
			statusOf(t, repo, fresh.OrderID) != order.StatusPendingPayment {
			t.Error("wrong orders moved")
		}
		changes, _ := repo.Timeline(context.Background(), overdue[0])
		last := changes[len(changes)-1]
		if last.Actor != order.System("pay-timeout") || last.Action != "pay_timeout" || last.Events[0].Data.(order.CancelledData).RefundDue {
			t.Errorf("cancelled by %v with %s, data %v", last.Actor, last.Action, last.Events[0].Data)
		}
		if again := run(t, PayTimeout(repo, testConfig())); again != (Report{}) {
			t.Errorf("second run %+v: timers not dropped", again)
		}
	})
}

func TestAcceptTimeoutCancelsPaidOrdersForARefund(t *testing.T) {
	backends.Each(t, func(t *testing.T, store kv.Store) {
		repo := newRepo(store)
		drain(t, repo)
		now := time.Now()
		old := orderstoretest.Drive(t, repo, orderstoretest.Place(t, repo, orderstoretest.Spec{Now: now.Add(-12 * time.Minute)}).OrderID,
			order.StatusPaid, "", now.Add(-11*time.Minute))
		accepted := orderstoretest.Drive(t, repo, orderstoretest.Place(t, repo, orderstoretest.Spec{Now: now.Add(-12 * time.Minute)}).OrderID,
			order.StatusPaid, "", now.Add(-11*time.Minute))
		orderstoretest.Drive(t, repo, accepted.OrderID, order.StatusAccepted, "", now)
		recent := orderstoretest.Drive(t, repo, orderstoretest.Place(t, repo, orderstoretest.Spec{Now: now.Add(-6 * time.Minute)}).OrderID, order.StatusPaid, "", now.Add(-5*time.Minute))
		got := run(t, AcceptTimeout(repo, testConfig()))
		if got != (Report{Due: 2, Fired: 1, Stale: 1}) {
			t.Errorf("report %+v", got)
		}
		changes, _ := repo.Timeline(context.Background(), old.OrderID)
		last := changes[len(changes)-1]
		if statusOf(t, repo, old.OrderID) != order.StatusCancelled || last.Action != "accept_timeout" || !last.Events[0].Data.(order.CancelledData).RefundDue {
			t.Errorf("old paid order: %s by %s, data %v", statusOf(t, repo, old.OrderID), last.Action, last.Events[0].Data)
		}
		if statusOf(t, repo, recent.OrderID) != order.StatusPaid || statusOf(t, repo, accepted.OrderID) != order.StatusAccepted {
			t.Error("a paid order within the timeout, or an accepted one, was moved")
		}
	})
}

func TestAutoCompleteCompletesDeliveredOrders(t *testing.T) {
	backends.Each(t, func(t *testing.T, store kv.Store) {
		repo := newRepo(store)
		drain(t, repo)
		now := time.Now()
		long := orderstoretest.Drive(t, repo, orderstoretest.Place(t, repo, orderstoretest.Spec{Now: now.Add(-4 * time.Hour)}).OrderID,
			order.StatusDelivered, "r-1", now.Add(-3*time.Hour))
		lately := orderstoretest.Drive(t, repo, orderstoretest.Place(t, repo, orderstoretest.Spec{Now: now.Add(-2 * time.Hour)}).OrderID,
			order.StatusDelivered, "r-1", now.Add(-time.Hour))
		if got := run(t, AutoComplete(repo, testConfig())); got != (Report{Due: 1, Fired: 1}) {
			t.Errorf("report %+v", got)
		}
		if statusOf(t, repo, long.OrderID) != order.StatusCompleted || statusOf(t, repo, lately.OrderID) != order.StatusDelivered {
			t.Error("wrong orders completed")
		}
	})
}

func TestRunsAreBounded(t *testing.T) {
	repo := newRepo(backends.Bolt(t))
	overdueUnpaid(t, repo, 25)
	cfg := testConfig()
	cfg.Batch = 10
	if got := run(t, PayTimeout(repo, cfg)); got != (Report{Due: 10, Fired: 10, More: true}) {
		t.Errorf("batch of 10: %+v", got)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	got, err := PayTimeout(repo, cfg).Run(ctx)
	if r := got.(Report); err != nil || r.Fired != 0 || r.Unstarted != 10 || !r.More {
		t.Errorf("with less time left than the reserve: %+v, %v", r, err)
	}
	for run(t, PayTimeout(repo, cfg)).More {
	}
	if n := run(t, PayTimeout(repo, cfg)); n.Due != 0 {
		t.Errorf("left behind: %+v", n)
	}
}
