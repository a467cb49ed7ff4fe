package function

import (
	"context"
	"errors"
	"fmt"

	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/payment/apply"
	"github.com/ordercenter/ordercenter/shared/refund"
)

// errUnknownOrder: the notification names no order of ours (404).
var errUnknownOrder = apply.ErrUnknownOrder

// payment applies a payment.succeeded through the one way payments are
// applied (package apply): the order is paid, or the payment is returned.
func (f *Function) payment(ctx context.Context, n Notification) (string, error) {
	out, err := f.payments.Success(ctx, n.OrderID, order.Payment{TxnID: n.TxnID, Amount: n.Amount, Currency: n.Currency})
	return out.String(), err
}

// paymentFailed notes a payment.failed on the order's timeline.
func (f *Function) paymentFailed(ctx context.Context, n Notification) (string, error) {
	changed, err := f.payments.Failure(ctx, n.OrderID, order.Payment{TxnID: n.TxnID, Amount: n.Amount, Currency: n.Currency})
	if !changed {
		return "payment_failure_known", err
	}
	return "payment_failure_recorded", err
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
