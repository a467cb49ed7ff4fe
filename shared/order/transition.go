package order

import (
	"cmp"
	"fmt"
	"time"
	"unicode/utf8"
)

// Apply performs an action on the order, by an actor, at now: the one
// guarded entry for every status move except paying (see Pay and the
// table in Next). reason is optional, at most MaxTextLen characters.
//
// It returns, wrapped with the order, action, role and status:
//   - ErrNotAllowed when the actor's role may never perform the action, in
//     any status, or when the order is not the actor's (see VisibleTo);
//   - ErrInvalidTransition when the role may perform the action, but not
//     from the current status;
//   - ErrInvalidOrder when the reason is too long.
//
// A refused action leaves the order unchanged. On success the status
// moves, the version goes up by one, UpdatedAt becomes now, a pickup sets
// the rider, a cancel sets CancelReason (reason, or the action's name when
// none is given), and one Change is appended.
func (o *Order) Apply(a Action, by Actor, reason string, now time.Time) error {
	to, err := o.guard(a, by)
	if err != nil {
		return err
	}
	if !utf8.ValidString(reason) || utf8.RuneCountInString(reason) > MaxTextLen {
		return fmt.Errorf("order %s: %s: %w: reason longer than %d characters",
			o.id, a, ErrInvalidOrder, MaxTextLen)
	}
	from := o.status
	now = now.UTC()
	o.status, o.version, o.updatedAt = to, o.version+1, now
	var data EventData
	switch to {
	case StatusAccepted:
		data = AcceptedData{}
	case StatusReady:
		data = ReadyData{}
	case StatusDelivering:
		o.riderID = by.ID
		data = DeliveringData{RiderID: by.ID}
	case StatusDelivered:
		o.deliveredAt = now
		data = DeliveredData{}
	case StatusCompleted:
		o.completedAt = now
		data = CompletedData{}
	case StatusCancelled:
		o.cancelReason = cmp.Or(reason, a.String())
		data = o.cancelData(a, from)
	}
	o.record(change{typ: statusEvent(to), action: a, from: from, to: to,
		by: by, at: now, reason: reason, data: data})
	return nil
}

// guard returns the status the action moves the order to, or why the
// actor may not perform it.
func (o *Order) guard(a Action, by Actor) (Status, error) {
	to, ok := Next(o.status, a, by.Role)
	var err error
	switch {
	case !ok && !mayEver(a, by.Role):
		err = ErrNotAllowed
	case !ok:
		err = ErrInvalidTransition
	case by.ID == "" || !o.VisibleTo(by):
		err = fmt.Errorf("not the actor's order: %w", ErrNotAllowed)
	default:
		return to, nil
	}
	return Status{}, fmt.Errorf("order %s: %s by %s from %s: %w",
		o.id, a, by.Role, o.status, err)
}

// cancelData is the data of an order.cancelled event.
func (o *Order) cancelData(a Action, from Status) CancelledData {
	return CancelledData{Reason: o.cancelReason, Action: a, From: from,
		RefundDue: o.amounts.Paid-o.amounts.Refunded > 0}
}
