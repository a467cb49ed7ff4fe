// Package timers holds the sweeper's business timers (contract sections 2
// and 5): an unpaid order is cancelled at its payment deadline
// (PAY_TIMEOUT), a paid order the merchant has not accepted is cancelled
// ACCEPT_TIMEOUT after payment (its order.cancelled event says refund_due,
// and the refund follows from it), a delivered order the user has not
// confirmed is completed AUTO_COMPLETE_AFTER delivery.
//
// Timers are found in the store (orderstore's due-time index, written
// with every change into a timed status), never in memory or in NATS
// alone: they survive restarts and scale to zero, and a run's cost grows
// with the timers due, not with the orders stored. Each due timer is one
// guarded change of its order (orderstore.Update with order.Apply): if the
// order moved on (paid, accepted, confirmed, cancelled) the move is not
// allowed any more and the timer is just dropped. So a timer fires at most
// once, a race with a user's action or a payment ends in one outcome, and
// any number of sweepers may run at once: the conditional write on the
// master decides, and the losers find the order moved on.
//
// PayCheckTask uses the same index for reconciliation: the payment check
// an order placed unpaid leaves (orderstore.CheckPayment) is looked up at
// the provider shortly before the deadline (paycheck.go); the payment
// timer asks the provider too before it cancels (Task.AskingFirst).
//
// HandoffTask uses the same index for work a lost event would leave
// undone (orderstore's hand-off checks): two minutes after an order.paid
// or a refund-due order.cancelled, it does idempotently what the event's
// consumer does (handoff.go).
package timers

import (
	"context"
	"time"

	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
)

// Repo is the part of the order repository the timers use;
// *orderstore.Repository implements it.
type Repo interface {
	DueTimers(ctx context.Context, kind orderstore.TimerKind, enteredBefore time.Time, limit int) ([]orderstore.Timer, error)
	DropTimer(ctx context.Context, t orderstore.Timer) error
	Update(ctx context.Context, id string, expectedVersion int64, fn func(*order.Order) error) (order.Record, error)
}

// Task fires the due timers of one kind. It implements the sweeper's
// Task: Name and Run. Construct it with PayTimeout, AcceptTimeout or
// AutoComplete.
type Task struct {
	name   string
	kind   orderstore.TimerKind
	action order.Action
	status order.Status // the status the order waits in
	after  time.Duration
	since  func(*order.Order) time.Time // when the wait began (the timer's At)
	repo   Repo
	cfg    Config
	ask    Ask // nil: fire without asking
}

// PayTimeout cancels unpaid orders once their payment deadline has
// passed (action pay_timeout by System("pay-timeout")).
func PayTimeout(repo Repo, cfg Config) *Task {
	return newTask(repo, cfg, Task{name: "pay-timeout", kind: orderstore.TimerPayment,
		action: order.ActionPayTimeout, status: order.StatusPendingPayment,
		since: (*order.Order).PayDeadline})
}

// AcceptTimeout cancels paid orders not accepted within the configured
// AcceptTimeout of payment (action accept_timeout by
// System("accept-timeout")); the refund follows from the event.
func AcceptTimeout(repo Repo, cfg Config) *Task {
	return newTask(repo, cfg, Task{name: "accept-timeout", kind: orderstore.TimerAccept,
		action: order.ActionAcceptTimeout, status: order.StatusPaid,
		after: cfg.withDefaults().AcceptTimeout, since: (*order.Order).PaidAt})
}

// AutoComplete completes delivered orders not confirmed within the
// configured AutoCompleteAfter of delivery (action auto_complete by
// System("auto-complete")).
func AutoComplete(repo Repo, cfg Config) *Task {
	return newTask(repo, cfg, Task{name: "auto-complete", kind: orderstore.TimerComplete,
		action: order.ActionAutoComplete, status: order.StatusDelivered,
		after: cfg.withDefaults().AutoCompleteAfter, since: (*order.Order).DeliveredAt})
}

// All returns the three timer tasks, in the order an order meets them.
func All(repo Repo, cfg Config) []*Task {
	return []*Task{PayTimeout(repo, cfg), AcceptTimeout(repo, cfg), AutoComplete(repo, cfg)}
}

func newTask(repo Repo, cfg Config, t Task) *Task {
	t.repo, t.cfg = repo, cfg.withDefaults()
	return &t
}

// withDefaults is the configuration with its blanks filled.
func (c Config) withDefaults() Config {
	c.setDefaults()
	return c
}

// Name implements the sweeper's Task: the name its report goes under.
func (t *Task) Name() string { return t.name }

// actor is who the task acts as: the system, named after the task.
func (t *Task) actor() order.Actor { return order.System(t.name) }
