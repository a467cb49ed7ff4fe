// Package ledger is the payment ledger of an order (issue 17): every
// notification the payment provider sent about it, every query result
// the order center got by asking, every payment return and refund
// attempt, and every refund settled, each with the provider's reference,
// what the provider said and what came of it. Support reads it to answer
// "was this paid, was this refunded, twice?" without guessing; the daily
// reconciliation report finds the orders whose money moved on a day
// through its day index.
//
// The ledger is a record, not the truth: the master record is. An entry
// is written best-effort after the change of the master record it tells
// of (Recorder: a lost entry is logged and counted, never returned, and
// never blocks a payment), by whoever applied the provider's word to the
// order (package apply for payments, package refund for refunds), and
// says Applied only when that change was committed.
//
// # Kinds
//
//   - KindNotification: a verified webhook (source SourceWebhook); its
//     EventID is the reference, its Body the notification as received.
//   - KindQuery: the provider's answer to a query (source
//     SourceReconciliation): a payment of GET /payments?order_id= (reference
//     its TxnID) or a refund of GET /refunds/<refund_id> (reference its
//     RefundID).
//   - KindPaymentReturn: a payment the order could not take recorded for
//     return (a late, mismatched or double payment); reference the return's
//     RefundID (ret-<txn_id>), Reason why.
//   - KindRefundAttempt: one call of POST /refunds (source SourceRefunds),
//     reference RefundID and Attempt, the provider's answer in Status or,
//     for a failed call, in Reason.
//   - KindRefundSettled: a refund settled on the order, SUCCEEDED or FAILED
//     (Status succeeded or failed), from whichever source learnt it.
//
// # Outcomes
//
//   - OutcomeApplied: the entry changed the order (committed on its master
//     record).
//   - OutcomeAlreadyProcessed: a duplicate; the order had it already and
//     nothing changed.
//   - OutcomeRejected: the order does not take it, Reason says why
//     (amount_mismatch, order_cancelled, double_payment for a payment that
//     is returned; invalid_payment; a refund the provider refused; an
//     outcome contradicting a refund settled).
//   - OutcomeFailed: it could not be applied now (the store unavailable, a
//     provider call that failed transiently); it is tried again.
//   - OutcomePending: the provider took the refund and has not said how it
//     ends; a KindRefundSettled entry follows. Pending is never done.
//
// # Identity
//
// An entry is one by its kind, outcome, status, attempt and reference:
// the same provider event applied twice with the same result (a retry of
// ours, a third redelivery) is one entry, kept as first seen, while a
// redelivery that finds the order paid is a second entry, already
// processed. The store keeps them by order, oldest first
// (orderstore.PaymentLedger; keys in docs/store-layout.md).
package ledger

import (
	"encoding/json"
	"time"
)

// Kind is what an entry records; the closed set is documented above.
type Kind string

// The kinds of entry.
const (
	KindNotification  Kind = "notification"
	KindQuery         Kind = "query"
	KindPaymentReturn Kind = "payment_return"
	KindRefundAttempt Kind = "refund_attempt"
	KindRefundSettled Kind = "refund_settled"
)

// Source is who learnt what the entry records.
type Source string

// The sources: pay-callback's verified webhooks; the sweeper's and the
// refund service's queries to the provider; the refund service's calls.
const (
	SourceWebhook        Source = "webhook"
	SourceReconciliation Source = "reconciliation"
	SourceRefunds        Source = "refund_service"
)

// Outcome is what came of an entry for the order; the closed set is
// documented above.
type Outcome string

// The outcomes.
const (
	OutcomeApplied          Outcome = "applied"
	OutcomeAlreadyProcessed Outcome = "already_processed"
	OutcomeRejected         Outcome = "rejected"
	OutcomeFailed           Outcome = "failed"
	OutcomePending          Outcome = "pending"
)

// The statuses the provider gives a payment or a refund, as its API
// spells them.
const (
	StatusSucceeded = "succeeded"
	StatusFailed    = "failed"
	StatusPending   = "pending"
)

// Entry is one line of an order's payment ledger. Fields a kind has no
// use for are left empty (and out of the JSON).
type Entry struct {
	// At is when the order center first recorded it (UTC).
	At      time.Time `json:"at"`
	Kind    Kind      `json:"kind"`
	Source  Source    `json:"source"`
	EventID string    `json:"event_id,omitempty"`
	TxnID   string    `json:"txn_id,omitempty"`
	// RefundID names the refund of a refund entry, or of a notification
	// or query about a refund.
	RefundID string `json:"refund_id,omitempty"`
	// Attempt is the refund attempt's number, from 1.
	Attempt  int    `json:"attempt,omitempty"`
	Amount   int64  `json:"amount,omitempty"`
	Currency string `json:"currency,omitempty"`
	// Status is what the provider said: StatusSucceeded, StatusFailed or
	// StatusPending.
	Status  string  `json:"status,omitempty"`
	Outcome Outcome `json:"outcome"`
	Reason  string  `json:"reason,omitempty"`
	// Body is a notification as the provider sent it (verified).
	Body json.RawMessage `json:"body,omitempty"`
}

// Reference is the provider's reference the entry is about: a
// notification's event id, a refund's id, a payment's txn id.
func (e Entry) Reference() string {
	switch {
	case e.Kind == KindNotification:
		return e.EventID
	case e.RefundID != "":
		return e.RefundID
	}
	return e.TxnID
}

// MovesMoney reports whether the entry tells of money moving for the
// order, for the day index of the reconciliation report: a payment
// taken or already taken, a payment return, a refund attempt, a refund
// settled.
func (e Entry) MovesMoney() bool {
	switch e.Kind {
	case KindPaymentReturn, KindRefundAttempt, KindRefundSettled:
		return true
	case KindNotification, KindQuery:
		return e.RefundID == "" && e.Status == StatusSucceeded &&
			(e.Outcome == OutcomeApplied || e.Outcome == OutcomeAlreadyProcessed)
	}
	return false
}
