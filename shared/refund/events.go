package refund

import (
	"cmp"
	"context"
	"errors"
	"fmt"

	"github.com/ordercenter/ordercenter/shared/order"
)

// ErrMalformedEvent: an event this package consumes lacks what it needs;
// retrying cannot help.
var ErrMalformedEvent = errors.New("malformed refund event")

// CancelActor is who starts the full refund of a cancelled order.
var CancelActor = order.System("cancellation")

// HandleEvent acts on an order event, as the refund function's queue path
// does: an order.cancelled with refund_due asks for the full refund of
// what is still refundable (refund id order.CancelRefundID), which its
// refund.requested then carries out; a refund.requested makes one attempt
// (Execute). Other events, and a cancellation with nothing left to
// refund, are nothing to do. Handling an event twice is harmless.
func (s *Service) HandleEvent(ctx context.Context, ev order.Event) (Result, error) {
	switch ev.Type {
	case order.EventCancelled:
		return Result{}, s.refundCancelled(ctx, ev)
	case order.EventRefundRequested:
		d, _ := ev.Data.(order.RefundRequestedData)
		if d.RefundID == "" || ev.OrderID == "" {
			return Result{}, fmt.Errorf("event %s: %w: no order_id or refund_id", ev.EventID, ErrMalformedEvent)
		}
		return s.Execute(ctx, ev.OrderID, d.RefundID)
	}
	return Result{}, nil
}

// refundCancelled asks for the full refund of a cancelled, paid order.
func (s *Service) refundCancelled(ctx context.Context, ev order.Event) error {
	d, _ := ev.Data.(order.CancelledData)
	if !d.RefundDue {
		return nil
	}
	if ev.OrderID == "" {
		return fmt.Errorf("event %s: %w: no order_id", ev.EventID, ErrMalformedEvent)
	}
	_, err := s.requestCancelRefund(ctx, ev.OrderID, d.Reason)
	return err
}

// requestCancelRefund asks for the full refund of a cancelled order
// (refund id order.CancelRefundID) and tells whether this call recorded
// it; an order with nothing left to refund is nothing to do.
func (s *Service) requestCancelRefund(ctx context.Context, orderID, reason string) (bool, error) {
	in := Input{OrderID: orderID, RefundID: order.CancelRefundID(orderID), Reason: cmp.Or(reason, "order cancelled")}
	_, created, err := s.Request(ctx, in, CancelActor)
	if errors.Is(err, order.ErrRefundExceedsPaid) || errors.Is(err, order.ErrInvalidTransition) {
		return false, nil // nothing left to refund: refunded before, or never paid
	}
	if errors.Is(err, order.ErrInvalidOrder) { // a reason the domain refuses: refund without it
		in.Reason = "order cancelled"
		_, created, err = s.Request(ctx, in, CancelActor)
	}
	return created, err
}
