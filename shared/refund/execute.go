package refund

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ordercenter/ordercenter/shared/httpcall"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/payment/ledger"
	"github.com/ordercenter/ordercenter/shared/payment/provider"
)

// Result is where a refund stands after Execute.
type Result struct {
	// Status is the refund's status.
	Status order.RefundStatus
	// RetryAfter, when positive, is when Execute should be called again:
	// the attempt failed transiently, or the refund is not due yet.
	// Zero with Status PENDING: the provider's webhook is awaited.
	RetryAfter time.Duration
}

// Execute makes one attempt at carrying the refund out, if one is due
// (see the package documentation), and returns where it stands. It is
// safe to call from any number of places at once: a lease on the pending
// item lets one caller at a time ask the provider, and the refund id as
// Idempotency-Key makes the provider refund once whatever the attempts.
// Errors: ErrOrderNotFound, ErrNotFound (no such refund on the order),
// and store failures, after which the attempt is retried once its lease
// runs out.
func (s *Service) Execute(ctx context.Context, orderID, refundID string) (Result, error) {
	o, err := s.get(ctx, orderID)
	if err != nil {
		return Result{}, s.orphan(ctx, refundID, err)
	}
	rf, ok := o.Refund(refundID)
	if !ok {
		return Result{}, s.orphan(ctx, refundID, fmt.Errorf("refund %s of order %s: %w", refundID, orderID, ErrNotFound))
	}
	if rf.Status.IsFinal() {
		return Result{Status: rf.Status}, s.index.dropPending(ctx, refundID)
	}
	p, wait, err := s.claim(ctx, orderID, rf)
	if err != nil || wait > 0 {
		return Result{Status: order.RefundPending, RetryAfter: wait}, err
	}
	if s.provider == nil {
		return Result{}, errors.New("refund service: no payment provider to carry refunds out")
	}
	if p.Polls > 0 {
		return s.reconcile(ctx, orderID, rf, p)
	}
	ans, callErr := s.provider.Refund(ctx, provider.Request{RefundID: rf.RefundID, TxnID: rf.TxnID,
		Amount: rf.Amount, Currency: rf.Currency})
	return s.settle(ctx, orderID, rf, p, ans, callErr)
}

// claim takes the lease of the refund's attempt, counting it; wait is how
// long until the refund is due when it is not.
func (s *Service) claim(ctx context.Context, orderID string, rf order.Refund) (pending, time.Duration, error) {
	now := s.cfg.Now().UTC()
	p, found, err := s.index.getPending(ctx, rf.RefundID)
	if err != nil {
		return p, 0, err
	}
	if !found { // lost: recreate it from the master
		p = pending{OrderID: orderID, RefundID: rf.RefundID, Attempts: rf.Attempts, CreatedAt: now, NextAt: now}
	}
	if wait := p.NextAt.Sub(now); wait > 0 {
		return p, wait, nil
	}
	p.Attempts++
	p.NextAt = now.Add(s.cfg.Lease)
	p, err = s.index.putPending(ctx, p)
	if err != nil {
		return p, time.Second, nil // another caller claimed it first
	}
	return p, 0, nil
}

// settle acts on the provider's answer to an attempt, and writes the
// attempt's ledger entry.
func (s *Service) settle(ctx context.Context, orderID string, rf order.Refund, p pending, ans provider.Answer, callErr error) (Result, error) {
	now := s.cfg.Now().UTC()
	switch {
	case callErr == nil && ans.Status == provider.StatusSucceeded:
		seen := attemptEntry(p, ledger.StatusSucceeded, "", "")
		return s.complete(ctx, orderID, rf.RefundID, order.RefundOutcome{Succeeded: true, Attempts: p.Attempts}, seen)
	case callErr == nil: // pending at the provider: its webhook settles it
		p.Polls++
		p.NextAt = now.Add(s.cfg.awaitDelay(p.Polls))
		_, err := s.index.putPending(ctx, p)
		s.record(ctx, orderID, rf, attemptEntry(p, ledger.StatusPending, ledger.OutcomePending, ""))
		return Result{Status: order.RefundPending}, err
	case errors.Is(callErr, provider.ErrCircuitOpen): // not asked: not counted
		p.Attempts--
		return s.retryLater(ctx, p, max(httpcall.RetryAfterOf(callErr), time.Second))
	case errors.Is(callErr, provider.ErrPermanent):
		s.log.WarnContext(ctx, "refund refused by the provider", "refund_id", rf.RefundID, "order_id", orderID, "err", callErr)
		seen := attemptEntry(p, ledger.StatusFailed, ledger.OutcomeRejected, describe(callErr))
		return s.complete(ctx, orderID, rf.RefundID, order.RefundOutcome{Failure: describe(callErr), Attempts: p.Attempts}, seen)
	}
	p.Failures++
	p.LastFailure = describe(callErr)
	if p.Failures >= s.cfg.MaxAttempts() {
		s.log.ErrorContext(ctx, "refund failed: retry budget spent; an operator must act",
			"refund_id", rf.RefundID, "order_id", orderID, "attempts", p.Attempts, "err", callErr)
		failure := fmt.Sprintf("retry budget spent after %d attempts: %s", p.Attempts, p.LastFailure)
		seen := attemptEntry(p, "", ledger.OutcomeRejected, failure)
		return s.complete(ctx, orderID, rf.RefundID, order.RefundOutcome{Attempts: p.Attempts, Failure: failure}, seen)
	}
	s.record(ctx, orderID, rf, attemptEntry(p, "", ledger.OutcomeFailed, p.LastFailure))
	delay := max(s.cfg.retryDelay(rf.RefundID, p.Failures), httpcall.RetryAfterOf(callErr))
	return s.retryLater(ctx, p, delay)
}

// retryLater schedules the next attempt after delay.
func (s *Service) retryLater(ctx context.Context, p pending, delay time.Duration) (Result, error) {
	p.NextAt = s.cfg.Now().UTC().Add(delay)
	if _, err := s.index.putPending(ctx, p); err != nil {
		return Result{Status: order.RefundPending, RetryAfter: s.cfg.Lease}, err
	}
	return Result{Status: order.RefundPending, RetryAfter: delay}, nil
}

// describe is a failure's words for operators: a provider failure's own
// description, nothing else.
func describe(err error) string {
	var f *httpcall.Error
	if errors.As(err, &f) {
		return f.Summary()
	}
	return "payment provider call failed"
}

// orphan handles a pending item whose order or refund is missing: the
// refund was never recorded (its request was refused, or its writer
// died); once old enough its item is dropped. It returns cause.
func (s *Service) orphan(ctx context.Context, refundID string, cause error) error {
	if !errors.Is(cause, ErrNotFound) && !errors.Is(cause, ErrOrderNotFound) {
		return cause
	}
	p, found, err := s.index.getPending(ctx, refundID)
	if err != nil || !found || s.cfg.Now().Sub(p.CreatedAt) < s.cfg.OrphanAge {
		return cause
	}
	s.log.InfoContext(ctx, "dropping the pending item of a refund never recorded", "refund_id", refundID)
	return errors.Join(cause, s.index.dropPending(ctx, refundID))
}
