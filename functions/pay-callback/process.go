package function

import (
	"context"
	"errors"
	"fmt"

	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/payment/apply"
	"github.com/ordercenter/ordercenter/shared/payment/ledger"
	"github.com/ordercenter/ordercenter/shared/refund"
)

// errUnknownOrder: the notification names no order of ours (404).
var errUnknownOrder = apply.ErrUnknownOrder

// payment applies a payment.succeeded through the one way payments are
// applied (package apply): the order is paid, or the payment is returned.
func (f *Function) payment(ctx context.Context, n Notification, seen ledger.Entry) error {
	_, err := f.payments.Success(ctx, n.OrderID, paymentOf(n), seen)
	return err
}

// paymentFailed notes a payment.failed on the order's timeline.
func (f *Function) paymentFailed(ctx context.Context, n Notification, seen ledger.Entry) error {
	_, err := f.payments.Failure(ctx, n.OrderID, paymentOf(n), seen)
	return err
}

func paymentOf(n Notification) order.Payment {
	return order.Payment{TxnID: n.TxnID, Amount: n.Amount, Currency: n.Currency}
}

// refundOutcome settles the refund a refund.* notification is about.
func (f *Function) refundOutcome(ctx context.Context, n Notification, seen ledger.Entry) error {
	succeeded := n.Type == TypeRefundSucceeded
	_, err := f.refunds.Complete(ctx, n.OrderID, n.RefundID, succeeded, "the provider reported the refund failed", seen)
	if errors.Is(err, refund.ErrNotFound) || errors.Is(err, refund.ErrOrderNotFound) {
		return fmt.Errorf("refund %s: %w", n.RefundID, errUnknownOrder)
	}
	return err
}
