package order

import (
	"cmp"
	"fmt"
	"time"
	"unicode/utf8"
)

// RefundRequest asks for a refund of an order (contract section 8).
type RefundRequest struct {
	// RefundID is the caller's id of the refund (see ValidRefundID).
	RefundID string
	// Amount in minor units; 0 asks for all that is still refundable.
	Amount int64
	// Reason is optional, at most MaxTextLen characters.
	Reason string
	// AfterSalesWindow is how long after completion the order's user may
	// still ask; 0 means DefaultAfterSalesWindow.
	AfterSalesWindow time.Duration
}

// RequestRefund records a refund of the order, PENDING, by an actor at
// now, and returns it with created true. The same refund id again returns
// the refund already recorded (created false, nothing changed) as long as
// the amount asked is 0 or the same.
//
// Who may ask: the order's user once it is DELIVERED, and up to the
// after-sales window after it is COMPLETED (before delivery a user cancels
// instead, or asks the store or customer service); the store's merchant,
// customer service and the system at any time after payment; never a
// rider. Errors, wrapped with the order and refund:
//   - ErrNotAllowed: the actor may not refund this order (not theirs, or a
//     rider); ErrRefundWindowClosed: the user's window is over;
//   - ErrInvalidTransition: the order was never paid, or a user asks
//     before delivery;
//   - ErrRefundExceedsPaid: more than paid minus succeeded and pending
//     refunds, or nothing left to refund; with ErrTipGoesLast, a part of
//     the tip without all the rest (see refundAmount);
//   - ErrRefundIDReused: the id names a refund of another amount;
//   - ErrTooManyRefunds, and ErrInvalidOrder for a malformed request.
func (o *Order) RequestRefund(req RefundRequest, by Actor, now time.Time) (Refund, bool, error) {
	wrap := func(err error) error {
		return fmt.Errorf("order %s: refund %s by %s: %w", o.id, req.RefundID, by.Role, err)
	}
	if by.ID == "" || !o.VisibleTo(by) {
		return Refund{}, false, wrap(fmt.Errorf("not the actor's order: %w", ErrNotAllowed))
	}
	if err := req.validate(); err != nil {
		return Refund{}, false, wrap(err)
	}
	if rf, ok := o.Refund(req.RefundID); ok {
		if req.Amount != 0 && req.Amount != rf.Amount && req.Amount != rf.Amount-rf.Tip {
			return Refund{}, false, wrap(fmt.Errorf("%w: asked %d, refund is of %d", ErrRefundIDReused, req.Amount, rf.Amount))
		}
		return rf, false, nil
	}
	if err := o.mayRefund(by, req.AfterSalesWindow, now); err != nil {
		return Refund{}, false, wrap(err)
	}
	amount, tip, err := o.refundAmount(req.Amount)
	if err != nil {
		return Refund{}, false, wrap(err)
	}
	now = now.UTC()
	rf := Refund{RefundID: req.RefundID, Kind: KindRefund, Status: RefundPending,
		Amount: amount, Tip: tip, Currency: o.currency, TxnID: o.txnID, Reason: req.Reason,
		By: by, CreatedAt: now, UpdatedAt: now}
	o.addRefund(rf, now)
	return rf, true, nil
}

func (r RefundRequest) validate() error {
	switch {
	case !ValidRefundID(r.RefundID):
		return fmt.Errorf("%w: refund_id must be 1 to 64 of A-Z a-z 0-9 _ -", ErrInvalidOrder)
	case r.Amount < 0:
		return fmt.Errorf("%w: amount must be positive", ErrInvalidOrder)
	case !utf8.ValidString(r.Reason) || utf8.RuneCountInString(r.Reason) > MaxTextLen:
		return fmt.Errorf("%w: reason longer than %d characters", ErrInvalidOrder, MaxTextLen)
	}
	return nil
}

// mayRefund says whether the actor may ask for a refund now.
func (o *Order) mayRefund(by Actor, window time.Duration, now time.Time) error {
	switch {
	case by.Role == RoleRider || by.Role.IsZero():
		return fmt.Errorf("role %q may not refund: %w", by.Role, ErrNotAllowed)
	case o.amounts.Paid == 0:
		return fmt.Errorf("order never paid (%s): %w", o.status, ErrInvalidTransition)
	case by.Role != RoleUser:
		return nil
	case o.status == StatusDelivered:
		return nil
	case o.status != StatusCompleted:
		return fmt.Errorf("a user may refund a delivered order, not one %s: %w", o.status, ErrInvalidTransition)
	}
	window = cmp.Or(window, DefaultAfterSalesWindow)
	completed := o.completedAt
	if completed.IsZero() { // completed before completed_at was recorded
		completed = cmp.Or(o.deliveredAt, o.updatedAt)
	}
	if closes := completed.Add(window); now.After(closes) {
		return fmt.Errorf("window closed at %s: %w", closes.Format(time.RFC3339), ErrRefundWindowClosed)
	}
	return nil
}

// refundAmount resolves the amount asked (0: all refundable) against what
// is left, and the count of refunds, and tells the part that is the tip.
// The tip goes back only with the refund that leaves nothing else to
// refund: one asking for all, or for all but the tip (the tip is added to
// it). A refund reaching into the tip without taking all the rest is
// ErrRefundExceedsPaid.
func (o *Order) refundAmount(asked int64) (amount, tip int64, err error) {
	n := 0
	for _, r := range o.refunds {
		if r.Kind == KindRefund {
			n++
		}
	}
	if n >= MaxRefunds {
		return 0, 0, fmt.Errorf("%d refunds already: %w", n, ErrTooManyRefunds)
	}
	left, tip := o.Refundable(), o.RefundableTip()
	rest := left - tip
	switch {
	case left <= 0:
		return 0, 0, fmt.Errorf("nothing left to refund: %w", ErrRefundExceedsPaid)
	case asked > left:
		return 0, 0, fmt.Errorf("asked %d, %d left: %w", asked, left, ErrRefundExceedsPaid)
	case asked == 0, asked == left, asked == rest:
		return left, tip, nil
	case asked > rest:
		return 0, 0, fmt.Errorf("asked %d, %d of it the tip: at most %d, or all %d: %w: %w",
			asked, asked-rest, rest, left, ErrTipGoesLast, ErrRefundExceedsPaid)
	}
	return asked, 0, nil
}

// addRefund appends a pending refund as the order's next change, of type
// refund.requested.
func (o *Order) addRefund(rf Refund, now time.Time) {
	o.refunds = append(o.refunds, rf)
	o.version, o.updatedAt = o.version+1, now
	o.record(change{typ: EventRefundRequested, by: rf.By, at: now, reason: rf.Reason,
		data: RefundRequestedData{RefundID: rf.RefundID, Amount: rf.Amount,
			Currency: rf.Currency, Kind: rf.Kind, Reason: rf.Reason}})
}
