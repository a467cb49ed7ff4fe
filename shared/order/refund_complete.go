package order

import (
	"fmt"
	"time"
)

// RefundOutcome is how a refund ended at the payment provider.
type RefundOutcome struct {
	// Succeeded: the money went back; otherwise the refund failed.
	Succeeded bool
	// Failure says why it failed, in words fit for operators and clients.
	Failure string
	// Attempts is how many calls the provider got; 0 keeps the count
	// stored.
	Attempts int
}

// CompleteRefund settles a refund with the provider's outcome, by an actor
// at now, and reports whether anything changed. A PENDING refund becomes
// SUCCEEDED (Amounts.Refunded grows by its amount, for an order refund) or
// FAILED, with a change of type refund.succeeded or refund.failed.
// Settling it again the same way changes nothing. A FAILED refund that the
// provider reports succeeded after all becomes SUCCEEDED when it still
// fits within what was paid (else ErrRefundExceedsPaid); a SUCCEEDED one
// reported failed is ErrRefundSettled. An unknown id is
// ErrRefundNotFound.
func (o *Order) CompleteRefund(id string, out RefundOutcome, by Actor, now time.Time) (bool, error) {
	i := o.refundIndex(id)
	if i < 0 {
		return false, fmt.Errorf("order %s: complete refund %s: %w", o.id, id, ErrRefundNotFound)
	}
	rf := o.refunds[i]
	to := RefundFailed
	if out.Succeeded {
		to = RefundSucceeded
	}
	switch {
	case rf.Status == to:
		return false, nil
	case rf.Status == RefundSucceeded:
		return false, fmt.Errorf("order %s: refund %s reported %s: %w", o.id, id, to, ErrRefundSettled)
	case rf.Status == RefundFailed && rf.Kind == KindRefund && rf.Amount > o.Refundable():
		return false, fmt.Errorf("order %s: refund %s succeeded after failing, %d left: %w",
			o.id, id, o.Refundable(), ErrRefundExceedsPaid)
	}
	now = now.UTC()
	rf.Status, rf.UpdatedAt, rf.Attempts = to, now, max(rf.Attempts, out.Attempts)
	rf.Failure = ""
	if !out.Succeeded {
		rf.Failure = out.Failure
	}
	o.refunds[i] = rf
	if out.Succeeded && rf.Kind == KindRefund {
		o.amounts.Refunded += rf.Amount
	}
	o.version, o.updatedAt = o.version+1, now
	data := o.completionData(rf)
	o.record(change{typ: data.EventType(), by: by, at: now, reason: rf.Failure, data: data})
	return true, nil
}

// completionData is the data of a refund.succeeded or refund.failed event.
// A refund that leaves nothing paid on an order not yet out for delivery
// says releases_stock: its stock holds may go back to the day's limit.
func (o *Order) completionData(rf Refund) EventData {
	if rf.Status == RefundFailed {
		return RefundFailedData{RefundID: rf.RefundID, Amount: rf.Amount, Currency: rf.Currency,
			Kind: rf.Kind, Refunded: o.amounts.Refunded, Failure: rf.Failure}
	}
	full := rf.Kind == KindRefund && o.amounts.Refunded == o.amounts.Paid
	return RefundSucceededData{RefundID: rf.RefundID, Amount: rf.Amount, Currency: rf.Currency,
		Kind: rf.Kind, Refunded: o.amounts.Refunded, Full: full,
		ReleasesStock: full && (o.status == StatusPaid || o.status == StatusAccepted ||
			o.status == StatusReady)}
}
