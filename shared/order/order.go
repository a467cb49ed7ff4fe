package order

import (
	"fmt"
	"slices"
	"time"
)

// Order is one order of the order center. Its fields are unexported: it
// is made by New (a new order) or FromRecord (a stored one) and changes
// only through Pay and Apply, which guard every move.
type Order struct {
	id, userID, storeID, storeDay string

	status  Status
	version int64
	riderID string

	lines    []Line
	amounts  Amounts
	currency string
	delivery Delivery
	note     string
	couponID string
	txnID    string

	createdAt, updatedAt, payDeadline, paidAt, deliveredAt time.Time
	completedAt                                            time.Time
	cancelReason                                           string

	refunds        []Refund        // refunds and payment returns, oldest first
	failedPayments []FailedPayment // payment failures reported, oldest first

	changes []Change // made since New or FromRecord, oldest first
}

// New validates a draft and returns the new order: PENDING_PAYMENT,
// version 1, created and updated at now (in UTC), with its creation
// recorded as the first Change (type order.created, by the user). It
// returns an error wrapping ErrInvalidOrder that names every problem of
// the draft.
func New(d Draft, now time.Time) (*Order, error) {
	if err := d.validate(now).err(fmt.Sprintf("new order %s", d.ID)); err != nil {
		return nil, err
	}
	now = now.UTC()
	o := &Order{
		id: d.ID, userID: d.UserID, storeID: d.StoreID, storeDay: d.StoreDay,
		status: StatusPendingPayment, version: 1,
		lines: cloneLines(d.Lines), amounts: d.Amounts,
		currency: d.Currency, delivery: d.Delivery,
		note: d.Note, couponID: d.CouponID,
		createdAt: now, updatedAt: now, payDeadline: d.PayDeadline.UTC(),
	}
	if o.currency == "" {
		o.currency = DefaultCurrency
	}
	o.record(change{
		typ: EventCreated, to: StatusPendingPayment,
		by: Actor{Role: RoleUser, ID: d.UserID}, at: now,
		data: CreatedData{Total: o.amounts.Total, Currency: o.currency},
	})
	return o, nil
}

// Changes returns the changes made since the order was created by New or
// loaded by FromRecord, oldest first: what the repository must persist
// with the order. The slice is the caller's.
func (o *Order) Changes() []Change {
	out := make([]Change, len(o.changes))
	for i, c := range o.changes {
		c.Events = slices.Clone(c.Events)
		out[i] = c
	}
	return out
}
