// Package apply is the one way a payment the provider reports is applied
// to its order, whoever learnt of it: pay-callback from a verified
// webhook, the sweeper's reconciliation from the provider's payment
// query. A successful payment goes through order.TakePayment (amount,
// currency, a late or a double payment checked there) inside one
// conditional write of the order, and is idempotent on its txn id: the
// same payment learnt twice, by webhook and by query in any order,
// changes the order once and is PaymentDuplicate ("already processed")
// after. A payment the order cannot take is returned: the refund id of
// the return is claimed and its pending item written before the return
// is recorded, so the refund service always finds it.
//
// Every payment applied is written to the order's payment ledger (package
// ledger) after the change, as the caller says it learnt of it (a
// notification, a query) with what came of it: applied, already
// processed, rejected (returned, with the reason, or malformed) or
// failed; a payment returned also writes the payment_return entry. A
// payment for no order of ours is written nowhere.
package apply

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/payment/ledger"
)

// ErrUnknownOrder: the payment names no order of ours.
var ErrUnknownOrder = errors.New("unknown order")

// errUnprepared: the payment turned out to need a return whose refund id
// was not prepared yet; the change is tried again after preparing it.
var errUnprepared = errors.New("payment return not prepared")

// maxTries bounds the reads and writes of one payment that keeps losing
// races on its order.
const maxTries = 8

// Orders is what the Applier needs of the order repository
// (*orderstore.Repository).
type Orders interface {
	Update(ctx context.Context, id string, expectedVersion int64, fn func(*order.Order) error) (order.Record, error)
}

// Returns prepares the refund of a payment return (*refund.Service).
type Returns interface {
	Prepare(ctx context.Context, orderID, refundID string) error
}

// Applier applies payments to orders. It is safe for concurrent use.
type Applier struct {
	orders  Orders
	returns Returns
	entries *ledger.Recorder
	now     func() time.Time
}

// New returns an Applier writing the payments' ledger entries to entries
// (nil: none); now is the clock (nil: time.Now).
func New(orders Orders, returns Returns, entries *ledger.Recorder, now func() time.Time) *Applier {
	if now == nil {
		now = time.Now
	}
	return &Applier{orders: orders, returns: returns, entries: entries, now: now}
}

// Success applies a successful payment of the order: the order is paid,
// or the payment returned, or nothing changes when it was applied before
// (see order.TakePayment). seen is the ledger entry of how the payment
// was learnt (its Kind, Source and, for a notification, EventID and
// Body); Success completes it with the payment and the outcome. Errors:
// ErrUnknownOrder, order.ErrInvalidOrder for a malformed payment,
// orderstore.ErrConflict after maxTries lost races, and store failures.
func (a *Applier) Success(ctx context.Context, orderID string, p order.Payment, seen ledger.Entry) (order.PaymentOutcome, error) {
	outcome, returned, err := a.success(ctx, orderID, p)
	seen.Status = ledger.StatusSucceeded
	a.record(ctx, orderID, p, seen, err, outcomeOf(outcome, returned))
	if err == nil && outcome == order.PaymentReturned {
		a.entries.Record(ctx, orderID, ledger.Entry{At: a.now(), Kind: ledger.KindPaymentReturn, Source: seen.Source,
			TxnID: p.TxnID, RefundID: returned.RefundID, Amount: returned.Amount, Currency: returned.Currency,
			Outcome: ledger.OutcomeApplied, Reason: returned.Reason})
	}
	return outcome, err
}

// success applies the payment; returned is the return it recorded.
func (a *Applier) success(ctx context.Context, orderID string, p order.Payment) (order.PaymentOutcome, order.Refund, error) {
	prepared := false
	for try := 1; ; try++ {
		var outcome order.PaymentOutcome
		var returned order.Refund
		_, err := a.orders.Update(ctx, orderID, 0, func(o *order.Order) error {
			out, err := o.TakePayment(p, a.now())
			if err == nil && out == order.PaymentReturned && !prepared {
				return errUnprepared
			}
			outcome = out
			returned, _ = o.Refund(order.PaymentReturnID(p.TxnID))
			return err
		})
		if errors.Is(err, errUnprepared) {
			if err := a.returns.Prepare(ctx, orderID, order.PaymentReturnID(p.TxnID)); err != nil {
				return order.PaymentOutcome{}, order.Refund{}, err
			}
			prepared = true
			continue
		}
		if err = settled(err); !errors.Is(err, orderstore.ErrConflict) || try == maxTries {
			return outcome, returned, err
		}
		backOff(try)
	}
}

// Failure notes a failed payment on the order's timeline and reports
// whether it changed anything (see order.RecordPaymentFailure); seen as
// for Success. Errors as for Success.
func (a *Applier) Failure(ctx context.Context, orderID string, p order.Payment, seen ledger.Entry) (bool, error) {
	changed, err := a.failure(ctx, orderID, p)
	seen.Status = ledger.StatusFailed
	res := result{outcome: ledger.OutcomeAlreadyProcessed}
	if changed {
		res.outcome = ledger.OutcomeApplied
	}
	a.record(ctx, orderID, p, seen, err, res)
	return changed, err
}

func (a *Applier) failure(ctx context.Context, orderID string, p order.Payment) (bool, error) {
	for try := 1; ; try++ {
		changed := false
		_, err := a.orders.Update(ctx, orderID, 0, func(o *order.Order) error {
			var err error
			changed, err = o.RecordPaymentFailure(p, a.now())
			return err
		})
		if err = settled(err); !errors.Is(err, orderstore.ErrConflict) || try == maxTries {
			return changed, err
		}
		backOff(try)
	}
}

// result is what came of a payment for its ledger entry.
type result struct {
	outcome ledger.Outcome
	reason  string
}

// outcomeOf is the result of a payment applied without error: a return
// is rejected, for the return's reason.
func outcomeOf(out order.PaymentOutcome, returned order.Refund) result {
	switch out {
	case order.PaymentTaken:
		return result{outcome: ledger.OutcomeApplied}
	case order.PaymentReturned:
		return result{outcome: ledger.OutcomeRejected, reason: returned.Reason}
	}
	return result{outcome: ledger.OutcomeAlreadyProcessed}
}

// record writes the payment's entry: seen, completed with the payment
// and, when err is nil, res; a malformed payment is rejected, any other
// error failed. A payment of no order of ours is not written.
func (a *Applier) record(ctx context.Context, orderID string, p order.Payment, seen ledger.Entry, err error, res result) {
	switch {
	case errors.Is(err, ErrUnknownOrder):
		return
	case errors.Is(err, order.ErrInvalidOrder):
		res = result{outcome: ledger.OutcomeRejected, reason: "invalid_payment"}
	case err != nil:
		res = result{outcome: ledger.OutcomeFailed, reason: "not applied now; retried"}
	}
	seen.At, seen.TxnID, seen.Amount, seen.Currency = a.now(), p.TxnID, p.Amount, p.Currency
	seen.Outcome, seen.Reason = res.outcome, res.reason
	a.entries.Record(ctx, orderID, seen)
}

// settled maps the repository's answers: a committed change whose copies
// are pending is done; an unknown order is ErrUnknownOrder.
func settled(err error) error {
	switch {
	case errors.Is(err, orderstore.ErrSyncPending):
		return nil
	case errors.Is(err, orderstore.ErrNotFound):
		return fmt.Errorf("%w: %w", ErrUnknownOrder, err)
	}
	return err
}

func backOff(try int) {
	time.Sleep(time.Duration(1+rand.IntN(4*try)) * time.Millisecond)
}
