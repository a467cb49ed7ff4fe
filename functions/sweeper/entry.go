package function

import (
	"context"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/app"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/payment/apply"
	"github.com/ordercenter/ordercenter/shared/payment/reconcile"
	"github.com/ordercenter/ordercenter/shared/refund"
	"github.com/ordercenter/ordercenter/shared/reserve"
	"github.com/ordercenter/ordercenter/shared/timers"
)

// Name is the function's name.
const Name = "sweeper"

// The names the hand-off tasks report under.
const (
	LostCancelRefunds = "lost-cancel-refunds"
	LostPaidHolds     = "lost-paid-holds"
	LostCancelHolds   = "lost-cancel-holds"
)

var entry = app.Entry(Name, Build)

// Handle is the OpenFaaS entry point.
func Handle(req handler.Request) (handler.Response, error) { return entry.Handle(req) }

// Build makes the sweeper with every task: healing, the reconciliation
// of payments, the three business timers (the payment timer asking the
// provider first), refund resumption and reconciliation, the refunds of
// cancellations whose event was lost, and, where Redis is configured, orphaned holds and the holds of
// payments whose event was lost (without Redis nothing was held: their
// checks are dropped).
func Build(d *app.Deps) (*Sweeper, error) {
	p := d.Parts()
	orders, refunds, proof, figures := p.Orders(), p.Refunds(), p.ScheduleOrigin(), p.Metrics()
	if err := p.Err(); err != nil {
		return nil, err
	}
	tc := timers.Config{PayTimeout: d.Config.Timers.PayTimeout, AcceptTimeout: d.Config.Timers.AcceptTimeout,
		AutoCompleteAfter: d.Config.Timers.AutoCompleteAfter, PayCheckLead: d.Config.Timers.PayReconcileLead,
		Batch: d.Config.Timers.Batch, Now: d.Now, Logger: d.Log}
	pay, err := paymentTasks(d, orders, refunds, tc)
	if err != nil {
		return nil, err
	}
	tasks := append([]Task{HealTask{Repo: orders, Figures: figures}}, pay...)
	tasks = append(tasks, timers.AcceptTimeout(orders, tc), timers.AutoComplete(orders, tc),
		refund.ResumeTask{Service: refunds})
	if !d.Config.Redis.Set() {
		d.Log.Warn("no Redis configured (REDIS_URL, REDIS_CLUSTER_ADDRS or REDIS_SENTINEL_ADDRS): the sweeper does not release orphaned holds")
		return New(proof, append(tasks, lostEventTasks(orders, refunds, nil, tc)...)...), nil
	}
	holds := p.Reserver()
	if err := p.Err(); err != nil {
		return nil, err
	}
	tasks = append(tasks, reserve.OrphanTask{Reserver: holds, Orders: orders})
	return New(proof, append(tasks, lostEventTasks(orders, refunds, holds, tc)...)...), nil
}

// lostEventTasks finish what the consumers of lost events would have
// done, found from the hand-off checks in the store: the full refund of
// a paid order cancelled (refund function), the confirmation of a paid
// order's holds (holds function). With no holds (no Redis) nothing was
// held, and the checks of payments are only dropped.
func lostEventTasks(orders *orderstore.Repository, refunds *refund.Service, holds *reserve.Reserver, tc timers.Config) []Task {
	nothingHeld := func(context.Context, string) (bool, error) { return false, nil }
	confirm, release := nothingHeld, nothingHeld
	if holds != nil {
		confirm, release = holds.FinishPaid, holds.FinishCancelled
	}
	return []Task{
		timers.Handoff(LostCancelRefunds, orderstore.CheckCancelRefund, orders, tc, refunds.FinishCancelled),
		timers.Handoff(LostPaidHolds, orderstore.CheckPaidHolds, orders, tc, confirm),
		timers.Handoff(LostCancelHolds, orderstore.CheckCancelHolds, orders, tc, release),
	}
}

// paymentTasks are the reconciliation of unpaid orders shortly before
// their deadline, then the payment timer, which asks the provider before
// it cancels. Without PAYMENT_PROVIDER_URL there is no provider to ask:
// the timer cancels at the deadline.
func paymentTasks(d *app.Deps, orders *orderstore.Repository, refunds *refund.Service, tc timers.Config) ([]Task, error) {
	if d.Config.PaymentProviderURL == "" {
		d.Log.Warn("no PAYMENT_PROVIDER_URL: the sweeper does not reconcile payments")
		return []Task{timers.PayTimeout(orders, tc)}, nil
	}
	payments, err := d.Payments()
	if err != nil {
		return nil, err
	}
	entries, err := d.PaymentLedger()
	if err != nil {
		return nil, err
	}
	rc := reconcile.New(orders, payments, apply.New(orders, refunds, entries, d.Now),
		reconcile.Config{Grace: d.Config.Timers.PayGrace, Now: d.Now, Logger: d.Log})
	return reconciling(orders, rc, tc), nil
}

// reconciling are the payment tasks with a provider to ask.
func reconciling(orders *orderstore.Repository, rc *reconcile.Reconciler, tc timers.Config) []Task {
	return []Task{timers.PayCheck(orders, tc, rc.Look), timers.PayTimeout(orders, tc).AskingFirst(rc.BeforeCancel)}
}
