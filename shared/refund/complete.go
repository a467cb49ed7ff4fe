package refund

import (
	"context"
	"errors"
	"fmt"

	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/payment/ledger"
)

// Complete settles a refund with what the provider's webhook reported
// (refund.succeeded or refund.failed), idempotently: the same outcome
// again changes nothing. orderID may be empty: the refund id's claim names
// the order. seen is the webhook's ledger entry (Kind, Source, EventID,
// Body), written completed with the refund and what came of it. Errors:
// ErrNotFound for a refund id never recorded, ErrOrderNotFound, and store
// failures. An outcome contradicting a settled refund is logged for
// operators and changes nothing.
func (s *Service) Complete(ctx context.Context, orderID, refundID string, succeeded bool, failure string, seen ledger.Entry) (View, error) {
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
	seen.Status = ledger.StatusFailed
	if succeeded {
		seen.Status = ledger.StatusSucceeded
	}
	if _, err := s.complete(ctx, owner, refundID, out, seen); err != nil {
		return View{}, err
	}
	o, err := s.get(ctx, owner)
	if err != nil {
		return View{}, err
	}
	rf, _ := o.Refund(refundID)
	return s.view(ctx, owner, rf), nil
}

// complete settles the refund on the master, then drops its pending
// item. It writes the ledger entry of the provider's word that settled
// it, seen, with what settling did as its outcome unless seen has one:
// applied (settled now), already processed (settled so before), rejected
// (the word contradicts how it settled), failed (not written); then,
// when it settled now, the refund_settled entry. An unknown order or
// refund writes nothing.
func (s *Service) complete(ctx context.Context, orderID, refundID string, out order.RefundOutcome, seen ledger.Entry) (Result, error) {
	by := order.System("payment-provider")
	if !out.Succeeded && out.Attempts > 0 {
		by = order.System("refund")
	}
	rf, changed := order.Refund{RefundID: refundID}, false
	_, err := s.update(ctx, orderID, func(o *order.Order) error {
		var err error
		changed, err = o.CompleteRefund(refundID, out, by, s.cfg.Now())
		rf, _ = o.Refund(refundID)
		return err
	})
	outcome, reason := ledger.OutcomeAlreadyProcessed, ""
	switch {
	case errors.Is(err, order.ErrRefundNotFound):
		return Result{}, fmt.Errorf("refund %s of order %s: %w", refundID, orderID, ErrNotFound)
	case errors.Is(err, ErrOrderNotFound):
		return Result{}, err
	case errors.Is(err, order.ErrRefundSettled), errors.Is(err, order.ErrRefundExceedsPaid):
		s.log.ErrorContext(ctx, "refund outcome contradicts the refund recorded; an operator must look",
			"refund_id", refundID, "order_id", orderID, "succeeded", out.Succeeded, "err", err)
		outcome, reason, err = ledger.OutcomeRejected, "contradicts the refund, settled "+rf.Status.String(), nil
	case err != nil:
		outcome, reason = ledger.OutcomeFailed, "not settled now; retried"
	case changed:
		outcome = ledger.OutcomeApplied
	}
	if seen.Outcome == "" {
		seen.Outcome, seen.Reason = outcome, reason
	}
	s.record(ctx, orderID, rf, seen)
	if err != nil {
		return Result{}, err
	}
	if changed {
		s.record(ctx, orderID, rf, ledger.Entry{Kind: ledger.KindRefundSettled, Source: seen.Source,
			Status: statusWord(rf.Status), Outcome: ledger.OutcomeApplied, Reason: rf.Failure})
	}
	return Result{Status: rf.Status}, s.index.dropPending(ctx, refundID)
}
