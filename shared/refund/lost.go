package refund

import (
	"context"
	"errors"

	"github.com/ordercenter/ordercenter/shared/order"
)

// FinishCancelled does for a cancelled order what its order.cancelled
// (with refund_due) has the refund function do, for when that event was
// lost: it asks for the full refund of what is still refundable, under
// the refund id order.CancelRefundID, so that the event coming late, or
// this called again or by two sweepers at once, makes one refund. When
// this call recorded the refund it also makes the first attempt at once,
// its refund.requested being perhaps lost as well (later attempts are
// the refund's own: its event, or ResumeTask); an attempt that fails
// does not fail the call. done is true when this call recorded the
// refund. An order gone, not cancelled, already holding that refund or
// with nothing left to refund is nothing to do (one read of the order).
// It is a timers.Finish for orderstore.CheckCancelRefund.
func (s *Service) FinishCancelled(ctx context.Context, orderID string) (done bool, err error) {
	o, err := s.get(ctx, orderID)
	if errors.Is(err, ErrOrderNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	refundID := order.CancelRefundID(orderID)
	if _, ok := o.Refund(refundID); ok || o.Status() != order.StatusCancelled {
		return false, nil
	}
	created, err := s.requestCancelRefund(ctx, orderID, o.CancelReason())
	if err != nil || !created {
		return false, err
	}
	if _, err := s.Execute(ctx, orderID, refundID); err != nil {
		s.log.WarnContext(ctx, "lost cancellation's refund recorded, its first attempt failed; it will be retried",
			"order_id", orderID, "refund_id", refundID, "err", err)
	}
	return true, nil
}
