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
package apply

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
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
	now     func() time.Time
}

// New returns an Applier; now is the clock (nil: time.Now).
func New(orders Orders, returns Returns, now func() time.Time) *Applier {
	if now == nil {
		now = time.Now
	}
	return &Applier{orders: orders, returns: returns, now: now}
}

// Success applies a successful payment of the order: the order is paid,
// or the payment returned, or nothing changes when it was applied before
// (see order.TakePayment). Errors: ErrUnknownOrder, order.ErrInvalidOrder
// for a malformed payment, orderstore.ErrConflict after maxTries lost
// races, and store failures.
func (a *Applier) Success(ctx context.Context, orderID string, p order.Payment) (order.PaymentOutcome, error) {
	prepared := false
	for try := 1; ; try++ {
		var outcome order.PaymentOutcome
		_, err := a.orders.Update(ctx, orderID, 0, func(o *order.Order) error {
			out, err := o.TakePayment(p, a.now())
			if err == nil && out == order.PaymentReturned && !prepared {
				return errUnprepared
			}
			outcome = out
			return err
		})
		if errors.Is(err, errUnprepared) {
			if err := a.returns.Prepare(ctx, orderID, order.PaymentReturnID(p.TxnID)); err != nil {
				return order.PaymentOutcome{}, err
			}
			prepared = true
			continue
		}
		if err = settled(err); !errors.Is(err, orderstore.ErrConflict) || try == maxTries {
			return outcome, err
		}
		backOff(try)
	}
}

// Failure notes a failed payment on the order's timeline and reports
// whether it changed anything (see order.RecordPaymentFailure). Errors
// as for Success.
func (a *Applier) Failure(ctx context.Context, orderID string, p order.Payment) (bool, error) {
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
