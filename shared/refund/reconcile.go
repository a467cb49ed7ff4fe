package refund

import (
	"context"
	"errors"

	"github.com/ordercenter/ordercenter/shared/httpcall"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/payment/ledger"
	"github.com/ordercenter/ordercenter/shared/payment/provider"
)

// reconcile settles a refund the provider answered "pending" and whose
// webhook has not come within the await schedule: the provider is asked
// how it stands (GET /refunds/<refund_id>) instead of being sent it
// again. Succeeded or failed there settles it here, as the webhook would
// have (which, coming later, changes nothing); still pending waits for
// the next step of the schedule; a refund the provider does not know
// (404: the request never reached it) is sent again under the same
// Idempotency-Key; a failed query is tried again later. A query is no
// attempt at the refund: it does not count in Attempts. Each answer is
// written to the order's payment ledger as a query result (a refund the
// provider does not know, as the attempt that sends it again).
func (s *Service) reconcile(ctx context.Context, orderID string, rf order.Refund, p pending) (Result, error) {
	p.Attempts--
	st, err := s.provider.RefundStatus(ctx, rf.RefundID)
	switch {
	case errors.Is(err, httpcall.ErrNotFound):
		s.log.WarnContext(ctx, "refund unknown to the provider; sent again under the same key",
			"refund_id", rf.RefundID, "order_id", orderID)
		p.Attempts++
		ans, callErr := s.provider.Refund(ctx, provider.Request{RefundID: rf.RefundID, TxnID: rf.TxnID,
			Amount: rf.Amount, Currency: rf.Currency})
		return s.settle(ctx, orderID, rf, p, ans, callErr)
	case err != nil:
		s.record(ctx, orderID, rf, queryEntry("", ledger.OutcomeFailed, describe(err)))
		return s.retryLater(ctx, p, max(s.cfg.retryDelay(rf.RefundID, 1), httpcall.RetryAfterOf(err)))
	case st.Status == provider.StatusSucceeded, st.Status == provider.StatusFailed:
		out := order.RefundOutcome{Succeeded: st.Status == provider.StatusSucceeded, Attempts: p.Attempts}
		if !out.Succeeded {
			out.Failure = "the provider reported the refund failed"
		}
		return s.complete(ctx, orderID, rf.RefundID, out, queryEntry(st.Status, "", ""))
	}
	p.Polls++
	p.NextAt = s.cfg.Now().UTC().Add(s.cfg.awaitDelay(p.Polls))
	_, err = s.index.putPending(ctx, p)
	s.record(ctx, orderID, rf, queryEntry(ledger.StatusPending, ledger.OutcomePending, ""))
	return Result{Status: order.RefundPending}, err
}
