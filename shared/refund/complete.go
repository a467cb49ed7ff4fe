package refund

import (
	"context"
	"errors"
	"fmt"

	"github.com/ordercenter/ordercenter/shared/order"
)

// Complete settles a refund with what the provider's webhook reported
// (refund.succeeded or refund.failed), idempotently: the same outcome
// again changes nothing. orderID may be empty: the refund id's claim names
// the order. Errors: ErrNotFound for a refund id never recorded,
// ErrOrderNotFound, and store failures. An outcome contradicting a settled
// refund is logged for operators and changes nothing.
func (s *Service) Complete(ctx context.Context, orderID, refundID string, succeeded bool, failure string) (View, error) {
	owner, err := s.index.orderOf(ctx, refundID)
	if err != nil {
		return View{}, err
	}
	if orderID != "" && orderID != owner {
		s.log.WarnContext(ctx, "refund notification names another order than the refund's",
			"refund_id", refundID, "order_id", orderID, "refund_order_id", owner)
	}
	attempts := 0
	if p, found, err := s.index.getPending(ctx, refundID); err == nil && found {
		attempts = p.Attempts
	}
	out := order.RefundOutcome{Succeeded: succeeded, Failure: failure, Attempts: attempts}
	if _, err := s.complete(ctx, owner, refundID, out); err != nil {
		return View{}, err
	}
	o, err := s.get(ctx, owner)
	if err != nil {
		return View{}, err
	}
	rf, _ := o.Refund(refundID)
	return s.view(ctx, owner, rf), nil
}

// complete settles the refund on the master, then drops its pending item.
func (s *Service) complete(ctx context.Context, orderID, refundID string, out order.RefundOutcome) (Result, error) {
	by := order.System("payment-provider")
	if !out.Succeeded && out.Attempts > 0 {
		by = order.System("refund")
	}
	var status order.RefundStatus
	_, err := s.update(ctx, orderID, func(o *order.Order) error {
		_, err := o.CompleteRefund(refundID, out, by, s.cfg.Now())
		rf, _ := o.Refund(refundID)
		status = rf.Status
		return err
	})
	switch {
	case errors.Is(err, order.ErrRefundNotFound):
		return Result{}, fmt.Errorf("refund %s of order %s: %w", refundID, orderID, ErrNotFound)
	case errors.Is(err, order.ErrRefundSettled), errors.Is(err, order.ErrRefundExceedsPaid):
		s.log.ErrorContext(ctx, "refund outcome contradicts the refund recorded; an operator must look",
			"refund_id", refundID, "order_id", orderID, "succeeded", out.Succeeded, "err", err)
	case err != nil:
		return Result{}, err
	}
	return Result{Status: status}, s.index.dropPending(ctx, refundID)
}
