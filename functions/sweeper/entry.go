package function

import (
	"context"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/app"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
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
)

var entry = app.Entry(Name, Build)

// Handle is the OpenFaaS entry point.
func Handle(req handler.Request) (handler.Response, error) { return entry.Handle(req) }

// Build makes the sweeper with every task: healing, the three business
// timers, refund resumption, the refunds of cancellations whose event was
// lost, and, where Redis is configured, orphaned holds and the holds of
// payments whose event was lost (without Redis nothing was held: their
// checks are dropped).
func Build(d *app.Deps) (*Sweeper, error) {
	p := d.Parts()
	orders, refunds, proof := p.Orders(), p.Refunds(), p.ScheduleOrigin()
	if err := p.Err(); err != nil {
		return nil, err
	}
	tc := timers.Config{PayTimeout: d.Config.Timers.PayTimeout, AcceptTimeout: d.Config.Timers.AcceptTimeout,
		AutoCompleteAfter: d.Config.Timers.AutoCompleteAfter, Batch: d.Config.Timers.Batch, Now: d.Now, Logger: d.Log}
	tasks := []Task{HealTask{Repo: orders},
		timers.PayTimeout(orders, tc), timers.AcceptTimeout(orders, tc), timers.AutoComplete(orders, tc),
		refund.ResumeTask{Service: refunds},
		timers.Handoff(LostCancelRefunds, orderstore.CheckCancelRefund, 0, orders, tc, refunds.FinishCancelled)}
	if d.Config.RedisURL == "" {
		d.Log.Warn("REDIS_URL not set: the sweeper does not release orphaned holds")
		return New(proof, append(tasks, timers.Handoff(LostPaidHolds, orderstore.CheckPaidHolds, 0, orders, tc,
			func(context.Context, string) (bool, error) { return false, nil }))...), nil
	}
	holds := p.Reserver()
	if err := p.Err(); err != nil {
		return nil, err
	}
	return New(proof, append(tasks, reserve.OrphanTask{Reserver: holds, Orders: orders},
		timers.Handoff(LostPaidHolds, orderstore.CheckPaidHolds, 0, orders, tc, holds.FinishPaid))...), nil
}
