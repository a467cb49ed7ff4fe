package function

import (
	"context"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/payment/sandbox"
)

// With the provider dropping every webhook, 100 orders paid at the
// provider end PAID through reconciliation before their deadline; the
// webhooks redelivered afterwards change no order, and nothing is
// refunded.
func TestReconciliationPaysOrdersWhoseWebhookWasDropped(t *testing.T) {
	backends.Each(t, func(t *testing.T, s kv.Store) {
		r := newPayRig(t, s)
		sw := r.sweeper()
		ids := r.placeUnpaid(t, 100)
		r.sandbox.SetFaults(sandbox.Faults{DropWebhooksNext: len(ids)})
		events := make([]string, len(ids))
		for i, id := range ids {
			events[i] = r.pay(t, id)
		}
		if st := r.get(t, ids[len(ids)-1]).Status(); st != order.StatusPendingPayment {
			t.Fatalf("the webhook was not dropped: %s", st)
		}
		if check, _, errs := r.sweepOnce(sw); check.Due != 0 || len(errs) > 0 {
			t.Fatalf("a look long before the deadline: %+v %v", check, errs)
		}
		r.clock.Advance(15*time.Minute - 50*time.Second) // within PAY_RECONCILE_LEAD of the deadline
		check, timer, errs := r.sweepOnce(sw)
		if check.Paid != len(ids) || timer.Fired != 0 || len(errs) > 0 {
			t.Fatalf("reconciliation: %+v, timer %+v, errors %v", check, timer, errs)
		}
		versions := map[string]int64{}
		for _, id := range ids {
			o := r.get(t, id)
			if o.Status() != order.StatusPaid || r.moves(t, id)[order.EventPaid.String()] != 1 {
				t.Fatalf("order %s is %s before its deadline: %v", id, o.Status(), r.moves(t, id))
			}
			versions[id] = o.Version()
		}
		r.clock.Advance(10 * time.Minute) // past every deadline and the grace
		if check, timer, errs := r.sweepOnce(sw); check.Due != 0 || timer.Fired != 0 || len(errs) > 0 {
			t.Fatalf("after the deadline: %+v, timer %+v, errors %v", check, timer, errs)
		}
		for _, ev := range events {
			r.redeliver(t, ev)
		}
		for _, id := range ids {
			if o := r.get(t, id); o.Status() != order.StatusPaid || o.Version() != versions[id] || len(o.Refunds()) != 0 {
				t.Errorf("order %s after the webhooks: %s v%d (was v%d), %d refunds", id, o.Status(), o.Version(), versions[id], len(o.Refunds()))
			}
			r.wantLedger(t, id, "query reconciliation applied", "notification webhook already_processed")
		}
		day := r.clock.Now().UTC().Add(-10 * time.Minute).Format("2006-01-02")
		if paidThatDay, err := r.repo.PaymentLedger().OrdersOfDay(context.Background(), day); err != nil || len(paidThatDay) < len(ids) {
			t.Errorf("orders of %s: %d %v", day, len(paidThatDay), err)
		}
		if n := len(r.sandbox.Calls()); n == 0 {
			t.Fatal("the sandbox recorded nothing")
		}
		for _, c := range r.sandbox.Calls() {
			if c.Kind == "refund" {
				t.Errorf("a refund was asked for: %+v", c)
			}
		}
	})
}

// At the deadline the payment timer asks the provider first: a payment
// found pays the order; a provider that cannot be asked keeps the order
// waiting until PAY_GRACE past its deadline, then it is cancelled, and
// the payment arriving after is returned as a late payment.
func TestPaymentTimerAsksTheProviderFirst(t *testing.T) {
	r := newPayRig(t, backends.Bolt(t))
	sw := r.sweeper()
	ids := r.placeUnpaid(t, 3)
	paid, cancelled, late := ids[0], ids[1], ids[2]
	r.setUnreachable(paid, true)
	r.setUnreachable(late, true)
	r.sandbox.SetFaults(sandbox.Faults{DropWebhooksNext: 1})
	r.pay(t, paid)
	r.clock.Advance(15*time.Minute - 30*time.Second)
	if check, _, _ := r.sweepOnce(sw); check.Failed != 2 || check.Unpaid != 1 {
		t.Fatalf("looks with the provider down: %+v", check)
	}
	r.clock.Advance(31 * time.Second)
	if _, timer, _ := r.sweepOnce(sw); timer.Fired != 1 || timer.Kept != 2 {
		t.Fatalf("at the deadline: timer %+v", timer)
	}
	if st := r.get(t, cancelled).Status(); st != order.StatusCancelled {
		t.Fatalf("order the provider has no payment of: %s", st)
	}
	r.setUnreachable(paid, false)
	r.clock.Advance(time.Minute)
	if _, timer, _ := r.sweepOnce(sw); timer.Stale != 1 || timer.Kept != 1 {
		t.Fatalf("the provider back for one order: timer %+v", timer)
	}
	if o := r.get(t, paid); o.Status() != order.StatusPaid {
		t.Fatalf("order paid at the provider: %s", o.Status())
	}
	if st := r.get(t, late).Status(); st != order.StatusPendingPayment {
		t.Fatalf("order within the grace: %s", st)
	}
	r.clock.Advance(time.Minute + time.Second) // past PAY_GRACE
	if _, timer, _ := r.sweepOnce(sw); timer.Fired != 1 {
		t.Fatalf("past the grace: timer %+v", timer)
	}
	r.pay(t, late)
	o := r.get(t, late)
	if rfs := o.Refunds(); o.Status() != order.StatusCancelled || len(rfs) != 1 || rfs[0].Kind != order.KindPaymentReturn {
		t.Fatalf("late payment: %s, refunds %+v", o.Status(), rfs)
	}
	r.wantLedger(t, late, "notification webhook rejected", "payment_return webhook applied")
	r.wantLedger(t, paid, "query reconciliation applied")
	r.wantLedger(t, cancelled)
}
