package timers

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
)

// fire applies the task's action to the timer's order, guarded by the
// order's status and version, and drops the timer once it has fired or its
// order has moved on. It returns nil when this call moved the order; an
// error wrapping order.ErrInvalidTransition or orderstore.ErrNotFound when
// the timer was stale (it is dropped); errNotDue or orderstore.ErrConflict
// when it is kept for a later run; anything else is a failure (kept too).
func (t *Task) fire(ctx context.Context, tm orderstore.Timer, cutoff time.Time) error {
	if tm.At.After(cutoff) {
		return errNotDue // the index keeps whole seconds: due within the second
	}
	if t.ask != nil {
		if err := t.ask(ctx, tm.OrderID, tm.At); err != nil {
			return fmt.Errorf("%s timer of order %s: asked first: %w", t.name, tm.OrderID, err)
		}
	}
	_, err := t.repo.Update(ctx, tm.OrderID, 0, func(o *order.Order) error {
		now := t.cfg.Now()
		if o.Status() == t.status && t.since(o).Add(t.after).After(now) {
			return errNotDue
		}
		return o.Apply(t.action, t.actor(), "", now)
	})
	switch {
	case errors.Is(err, orderstore.ErrSyncPending):
		t.cfg.Logger.WarnContext(ctx, "timer fired; copies left to the healer",
			"task", t.name, "order_id", tm.OrderID, "err", err)
		fallthrough
	case err == nil:
		t.drop(ctx, tm)
		return nil
	case errors.Is(err, order.ErrInvalidTransition), errors.Is(err, orderstore.ErrNotFound):
		t.drop(ctx, tm)
	case !errors.Is(err, errNotDue) && !errors.Is(err, orderstore.ErrConflict):
		t.cfg.Logger.ErrorContext(ctx, "timer failed; kept for the next run",
			"task", t.name, "order_id", tm.OrderID, "err", err)
	}
	return fmt.Errorf("%s timer of order %s: %w", t.name, tm.OrderID, err)
}

// drop removes a timer that fired or went stale. A failure only leaves it
// for a later run, which finds the order moved on and drops it then.
func (t *Task) drop(ctx context.Context, tm orderstore.Timer) {
	if err := t.repo.DropTimer(ctx, tm); err != nil {
		t.cfg.Logger.WarnContext(ctx, "fired timer not dropped; a later run will",
			"task", t.name, "order_id", tm.OrderID, "err", err)
	}
}
