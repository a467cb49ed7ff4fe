package function

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/refund"
)

// errUnknownOrder: the notification names no order of ours (404).
var errUnknownOrder = errors.New("unknown order")

// errUnprepared: the payment turned out to need a return whose refund id
// was not prepared yet; the change is tried again after preparing it.
var errUnprepared = errors.New("payment return not prepared")

// maxTries bounds the reads and writes of one notification that keeps
// losing races on its order.
const maxTries = 8

// payment applies a payment.succeeded: the order is paid, or the payment
// is returned (see order.TakePayment). The refund id of a return is
// claimed and its pending item written before the return is recorded.
func (f *Function) payment(ctx context.Context, n Notification) (string, error) {
	p := order.Payment{TxnID: n.TxnID, Amount: n.Amount, Currency: n.Currency}
	prepared := false
	for try := 1; ; try++ {
		var outcome order.PaymentOutcome
		_, err := f.orders.Update(ctx, n.OrderID, 0, func(o *order.Order) error {
			out, err := o.TakePayment(p, f.now())
			if err == nil && out == order.PaymentReturned && !prepared {
				return errUnprepared
			}
			outcome = out
			return err
		})
		if errors.Is(err, errUnprepared) {
			if err := f.refunds.Prepare(ctx, n.OrderID, order.PaymentReturnID(n.TxnID)); err != nil {
				return "", err
			}
			prepared = true
			continue
		}
		if err = settled(err); !errors.Is(err, orderstore.ErrConflict) || try == maxTries {
			return outcome.String(), err
		}
		backOff(try)
	}
}

// paymentFailed notes a payment.failed on the order's timeline.
func (f *Function) paymentFailed(ctx context.Context, n Notification) (string, error) {
	p := order.Payment{TxnID: n.TxnID, Amount: n.Amount, Currency: n.Currency}
	for try := 1; ; try++ {
		changed := false
		_, err := f.orders.Update(ctx, n.OrderID, 0, func(o *order.Order) error {
			var err error
			changed, err = o.RecordPaymentFailure(p, f.now())
			return err
		})
		if err = settled(err); !errors.Is(err, orderstore.ErrConflict) || try == maxTries {
			if !changed {
				return "payment_failure_known", err
			}
			return "payment_failure_recorded", err
		}
		backOff(try)
	}
}

// refundOutcome settles the refund a refund.* notification is about.
func (f *Function) refundOutcome(ctx context.Context, n Notification) (string, error) {
	succeeded := n.Type == TypeRefundSucceeded
	view, err := f.refunds.Complete(ctx, n.OrderID, n.RefundID, succeeded, "the provider reported the refund failed")
	switch {
	case errors.Is(err, refund.ErrNotFound), errors.Is(err, refund.ErrOrderNotFound):
		return "", fmt.Errorf("refund %s: %w", n.RefundID, errUnknownOrder)
	case err != nil:
		return "", err
	}
	return "refund_" + view.Status, nil
}

// settled maps the repository's answers: a committed change whose copies
// are pending is done; an unknown order is errUnknownOrder.
func settled(err error) error {
	switch {
	case errors.Is(err, orderstore.ErrSyncPending):
		return nil
	case errors.Is(err, orderstore.ErrNotFound):
		return fmt.Errorf("%w: %w", errUnknownOrder, err)
	}
	return err
}

func backOff(try int) {
	time.Sleep(time.Duration(1+rand.IntN(4*try)) * time.Millisecond)
}
