package order

// checkRefunds checks the refunds of a record: each well formed, ids
// unique, the succeeded refunds adding up to Amounts.Refunded, and those
// succeeded or pending never above what was paid.
func (r Record) checkRefunds(p *problems) {
	seen := make(map[string]bool, len(r.Refunds))
	var succeeded, committed, tips int64
	ok := true
	for i, rf := range r.Refunds {
		checkRefund(p, i, rf)
		if rf.Tip < 0 || rf.Tip > rf.Amount || rf.Tip > 0 && rf.Kind != KindRefund {
			p.add("refunds[%d]: tip %d not within the amount of an order refund", i, rf.Tip)
		}
		if seen[rf.RefundID] {
			p.add("refunds[%d]: refund_id %q twice", i, rf.RefundID)
		}
		seen[rf.RefundID] = true
		if rf.Kind != KindRefund {
			continue
		}
		if rf.Status == RefundSucceeded {
			succeeded, ok = addChecked(ok, succeeded, rf.Amount)
		}
		if rf.Status != RefundFailed {
			committed, ok = addChecked(ok, committed, rf.Amount)
			tips, ok = addChecked(ok, tips, rf.Tip)
		}
	}
	if ok && tips > r.Amounts.Tip {
		p.add("refunds: %d of tips given back, more than the tip of %d", tips, r.Amounts.Tip)
	}
	switch {
	case !ok:
		p.add("refunds: amounts overflow")
	case succeeded != r.Amounts.Refunded:
		p.add("amounts.refunded: %d is not the sum of the succeeded refunds (%d)", r.Amounts.Refunded, succeeded)
	case committed > r.Amounts.Paid:
		p.add("refunds: %d succeeded or pending, more than the %d paid", committed, r.Amounts.Paid)
	}
	for i, f := range r.FailedPayments {
		if f.TxnID == "" || f.At.IsZero() {
			p.add("failed_payments[%d]: txn_id and at required", i)
		}
	}
}

// checkRefund checks one refund on its own.
func checkRefund(p *problems, i int, rf Refund) {
	switch {
	case !ValidRefundID(rf.RefundID):
		p.add("refunds[%d]: refund_id %q malformed", i, rf.RefundID)
	case rf.Kind.s == "" || rf.Status.s == "":
		p.add("refunds[%d]: kind and status required", i)
	case rf.Amount <= 0:
		p.add("refunds[%d]: amount must be positive", i)
	case rf.TxnID == "" || rf.Currency == "":
		p.add("refunds[%d]: txn_id and currency required", i)
	case rf.CreatedAt.IsZero() || rf.UpdatedAt.Before(rf.CreatedAt):
		p.add("refunds[%d]: created_at, updated_at missing or out of order", i)
	}
	checkTimes(p, rf.CreatedAt, rf.UpdatedAt)
}
