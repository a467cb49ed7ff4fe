package order

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// PaymentOutcome is what TakePayment did with a payment.
type PaymentOutcome struct{ s string }

// The outcomes of a payment.
var (
	// PaymentTaken: the order was PENDING_PAYMENT and is now PAID.
	PaymentTaken = PaymentOutcome{"paid"}
	// PaymentReturned: the order could not take it; it is to be returned.
	PaymentReturned = PaymentOutcome{"returned"}
	// PaymentDuplicate: the payment was taken or returned before.
	PaymentDuplicate = PaymentOutcome{"duplicate"}
)

// String returns the outcome's name.
func (p PaymentOutcome) String() string { return p.s }

// Why a payment is returned: the payment.anomaly event's reason.
const (
	ReturnAmountMismatch = "amount_mismatch"
	ReturnOrderCancelled = "order_cancelled"
	ReturnDoublePayment  = "double_payment"
)

// ChangePaymentFailed is the type of the change that records a failed
// payment on the timeline. It publishes no event: the contract's events
// do not include it, and the order does not move.
const ChangePaymentFailed = "payment.failed"

// MaxFailedPayments bounds the failed payments an order remembers; later
// ones are only logged by the caller.
const MaxFailedPayments = 20

// FailedPayment is a payment the provider reported failed.
type FailedPayment struct {
	TxnID    string    `json:"txn_id"`
	Amount   int64     `json:"amount"`
	Currency string    `json:"currency"`
	At       time.Time `json:"at"`
}

// TakePayment applies a successful payment at now, whatever the order's
// state, so that the money always ends up either on the order or on its
// way back: a PENDING_PAYMENT order with the right amount and currency is
// paid (see Pay); a payment it cannot take (amount or currency not the
// total, an order CANCELLED before payment, an order paid under another
// txn_id) is recorded as a payment.anomaly and a payment return of the
// whole payment (refund id PaymentReturnID(txn_id), a refund.requested
// change), the order otherwise unchanged. The same txn_id again is
// PaymentDuplicate and changes nothing. A payment with no txn_id, a
// non-positive amount or a malformed currency is ErrInvalidOrder.
func (o *Order) TakePayment(p Payment, now time.Time) (PaymentOutcome, error) {
	if err := p.validate(); err != nil {
		return PaymentOutcome{}, fmt.Errorf("order %s: payment %s: %w", o.id, p.TxnID, err)
	}
	if _, returned := o.Refund(PaymentReturnID(p.TxnID)); returned || p.TxnID == o.txnID {
		return PaymentDuplicate, nil
	}
	reason := ReturnDoublePayment
	switch {
	case o.status == StatusPendingPayment:
		err := o.Pay(p, now)
		if err == nil {
			return PaymentTaken, nil
		}
		if !errors.Is(err, ErrPaymentMismatch) {
			return PaymentOutcome{}, err
		}
		reason = ReturnAmountMismatch
	case o.status == StatusCancelled && o.txnID == "":
		reason = ReturnOrderCancelled
	}
	o.returnPayment(p, reason, now.UTC())
	return PaymentReturned, nil
}

func (p Payment) validate() error {
	var ps problems
	if p.TxnID == "" {
		ps.add("txn_id: empty")
	}
	if p.Amount <= 0 {
		ps.add("amount: must be positive")
	}
	checkCurrency(&ps, p.Currency)
	if p.Currency == "" {
		ps.add("currency: empty")
	}
	return ps.err("payment")
}

// returnPayment records the anomaly and the return of a payment, two
// changes.
func (o *Order) returnPayment(p Payment, reason string, now time.Time) {
	by := System("payment")
	rf := Refund{RefundID: PaymentReturnID(p.TxnID), Kind: KindPaymentReturn, Status: RefundPending,
		Amount: p.Amount, Currency: p.Currency, TxnID: p.TxnID, Reason: reason, By: by,
		CreatedAt: now, UpdatedAt: now}
	o.version, o.updatedAt = o.version+1, now
	o.record(change{typ: EventPaymentAnomaly, by: by, at: now, reason: reason, data: PaymentAnomalyData{
		Reason: reason, TxnID: p.TxnID, Amount: p.Amount, Currency: p.Currency,
		Total: o.amounts.Total, OrderCurrency: o.currency, Status: o.status,
		RefundID: rf.RefundID,
	}})
	o.addRefund(rf, now)
}

// RecordPaymentFailure notes on the order that the provider reported the
// payment failed, and reports whether it changed anything: a change of
// type ChangePaymentFailed (no event), the status untouched, so an unpaid
// order stays payable until its deadline. The same txn_id again, or one
// past MaxFailedPayments, changes nothing. A payment with no txn_id is
// ErrInvalidOrder.
func (o *Order) RecordPaymentFailure(p Payment, now time.Time) (bool, error) {
	if p.TxnID == "" {
		return false, fmt.Errorf("order %s: payment failure: %w: no txn_id", o.id, ErrInvalidOrder)
	}
	known := slices.ContainsFunc(o.failedPayments, func(f FailedPayment) bool { return f.TxnID == p.TxnID })
	if known || len(o.failedPayments) >= MaxFailedPayments {
		return false, nil
	}
	now = now.UTC()
	o.failedPayments = append(o.failedPayments,
		FailedPayment{TxnID: p.TxnID, Amount: p.Amount, Currency: p.Currency, At: now})
	o.version, o.updatedAt = o.version+1, now
	o.changes = append(o.changes, Change{Version: o.version, Type: ChangePaymentFailed,
		Actor: System("payment"), At: now, Reason: "txn " + p.TxnID, Events: []Event{}})
	return true, nil
}
