package refund

import (
	"context"

	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/payment/ledger"
)

// record writes the refund's ledger entry e (Kind, Source, Status,
// Outcome, ...), completed with the refund's ids and amount.
func (s *Service) record(ctx context.Context, orderID string, rf order.Refund, e ledger.Entry) {
	e.At = s.cfg.Now()
	e.TxnID, e.RefundID, e.Amount, e.Currency = rf.TxnID, rf.RefundID, rf.Amount, rf.Currency
	s.ledger.Record(ctx, orderID, e)
}

// attemptEntry is the entry of the attempt p made at a refund: the
// provider's answer (status, "" when it gave none) and, when already
// known, what came of it.
func attemptEntry(p pending, status string, outcome ledger.Outcome, reason string) ledger.Entry {
	return ledger.Entry{Kind: ledger.KindRefundAttempt, Source: ledger.SourceRefunds,
		Attempt: p.Attempts, Status: status, Outcome: outcome, Reason: reason}
}

// queryEntry is the entry of the provider's answer to a query of a
// refund.
func queryEntry(status string, outcome ledger.Outcome, reason string) ledger.Entry {
	return ledger.Entry{Kind: ledger.KindQuery, Source: ledger.SourceReconciliation,
		Status: status, Outcome: outcome, Reason: reason}
}

// statusWord is a settled refund's status as the ledger spells it.
func statusWord(st order.RefundStatus) string {
	if st == order.RefundSucceeded {
		return ledger.StatusSucceeded
	}
	return ledger.StatusFailed
}
