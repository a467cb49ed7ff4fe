package order

import (
	"fmt"
	"time"
)

// Payment is the payment provider's confirmation that an order was paid.
type Payment struct {
	TxnID    string
	Amount   int64
	Currency string
}

// Pay records a confirmed payment at now: the order becomes PAID, with
// Paid, TxnID and PaidAt set, version one more, and a Change of type
// order.paid by System("payment").
//
// It returns ErrInvalidTransition unless the order is PENDING_PAYMENT (a
// payment for a cancelled order is to be refunded), ErrInvalidOrder when
// the payment has no transaction id, and ErrPaymentMismatch when the
// amount or currency differs from the order's total. A refused payment
// leaves the order unchanged.
func (o *Order) Pay(p Payment, now time.Time) error {
	switch {
	case o.status != StatusPendingPayment:
		return fmt.Errorf("order %s: pay from %s: %w", o.id, o.status, ErrInvalidTransition)
	case p.TxnID == "":
		return fmt.Errorf("order %s: pay: %w: no txn_id", o.id, ErrInvalidOrder)
	case p.Amount != o.amounts.Total || p.Currency != o.currency:
		return fmt.Errorf("order %s: paid %d %s for a total of %d %s: %w",
			o.id, p.Amount, p.Currency, o.amounts.Total, o.currency, ErrPaymentMismatch)
	}
	now = now.UTC()
	from := o.status
	o.status, o.version, o.updatedAt = StatusPaid, o.version+1, now
	o.amounts.Paid, o.txnID, o.paidAt = p.Amount, p.TxnID, now
	o.record(change{typ: EventPaid, from: from, to: StatusPaid,
		by: System("payment"), at: now,
		data: PaidData{TxnID: p.TxnID, Amount: p.Amount}})
	return nil
}
