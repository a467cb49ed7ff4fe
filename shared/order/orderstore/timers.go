package orderstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/order"
)

// TimerKind names a business timer (contract section 2), or a hand-off
// check (CheckCancelRefund, CheckPaidHolds), which shares their index.
type TimerKind string

// The timers: an unpaid order's payment deadline, a paid order the merchant
// has not accepted, a delivered order the user has not confirmed.
const (
	TimerPayment  TimerKind = "pay"
	TimerAccept   TimerKind = "accept"
	TimerComplete TimerKind = "complete"
)

// Timer is an order waiting in a status that times out. At is when it
// entered that status (for TimerPayment: its payment deadline); the timer is
// due once At plus the kind's timeout has passed.
type Timer struct {
	Kind    TimerKind `json:"kind"`
	OrderID string    `json:"order_id"`
	At      time.Time `json:"at"`
	// Tries counts the tries a rescheduled check has had (MoveTimer).
	Tries int `json:"tries,omitempty"`
}

// timerOf is the timer an order in its current status waits on, if any.
func timerOf(rec order.Record) (Timer, bool) {
	t := Timer{OrderID: rec.OrderID}
	switch rec.Status {
	case order.StatusPendingPayment:
		t.Kind, t.At = TimerPayment, rec.PayDeadline
	case order.StatusPaid:
		t.Kind, t.At = TimerAccept, rec.PaidAt
	case order.StatusDelivered:
		t.Kind, t.At = TimerComplete, rec.DeliveredAt
	default:
		return Timer{}, false
	}
	return t, !t.At.IsZero()
}

func (r *Repository) timerItem(t Timer) kv.Item {
	data, _ := json.Marshal(t)
	return kv.Item{PK: timerPK(t.Kind, orderShard(t.OrderID, r.shards)),
		SK: timerSK(t), Data: data}
}

// DueTimers returns up to limit timers of the kind that entered their status
// at or before the given time, oldest first. Its cost grows with the
// timers due, not with the orders stored: fired or stale timers are removed
// with DropTimer.
func (r *Repository) DueTimers(ctx context.Context, kind TimerKind, enteredBefore time.Time, limit int) ([]Timer, error) {
	var due []Timer
	for shard := range r.shards {
		q := kv.Query{PK: timerPK(kind, shard), SKTo: upTo(timerSKBound(enteredBefore)), Limit: limit}
		page, err := r.store.Query(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("due %s timers: %w", kind, err)
		}
		for _, it := range page.Items {
			var t Timer
			if err := json.Unmarshal(it.Data, &t); err != nil {
				return nil, fmt.Errorf("due %s timers: decode %s: %w", kind, it.SK, err)
			}
			due = append(due, t)
		}
	}
	sort.Slice(due, func(i, j int) bool { return due[i].At.Before(due[j].At) })
	return due[:min(limit, len(due))], nil
}

// DropTimer removes a timer that fired or no longer applies (the order
// moved on). Dropping it twice is harmless.
func (r *Repository) DropTimer(ctx context.Context, t Timer) error {
	it := r.timerItem(t)
	if err := r.store.Delete(ctx, it.PK, it.SK, kv.Always()); err != nil {
		return fmt.Errorf("drop %s timer of %s: %w", t.Kind, t.OrderID, err)
	}
	return nil
}

// MoveTimer reschedules a timer or check: from is removed, on condition
// that it is still there, and to is written. moved is false when from was
// gone (another sweeper moved or dropped it first): to is then not
// written, so of sweepers racing on one check one alone goes on with it.
func (r *Repository) MoveTimer(ctx context.Context, from, to Timer) (moved bool, err error) {
	old := r.timerItem(from)
	err = r.store.Delete(ctx, old.PK, old.SK, kv.IfExists())
	if errors.Is(err, kv.ErrConditionFailed) {
		return false, nil
	}
	if err == nil {
		err = r.store.Put(ctx, r.timerItem(to), kv.Always())
	}
	if err != nil {
		return false, fmt.Errorf("move %s timer of %s: %w", from.Kind, from.OrderID, err)
	}
	return true, nil
}
