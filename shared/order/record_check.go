package order

// validate lists every way the record is not a coherent order.
func (r Record) validate() problems {
	var p problems
	checkIDs(&p, r.OrderID, r.UserID, r.StoreID)
	checkStoreDay(&p, r.StoreDay)
	checkMoney(&p, r.Items, r.Amounts)
	if r.Currency == "" {
		p.add("currency: empty")
	}
	checkCurrency(&p, r.Currency)
	checkText(&p, "note", r.Note)
	if r.Version < 1 {
		p.add("version: %d, at least 1", r.Version)
	}
	if r.CreatedAt.IsZero() || r.UpdatedAt.Before(r.CreatedAt) {
		p.add("created_at, updated_at: missing or out of order")
	}
	checkTimes(&p, r.CreatedAt, r.UpdatedAt, r.PayDeadline, r.PaidAt, r.DeliveredAt, r.CompletedAt)
	r.checkRefunds(&p)
	if r.Status.IsZero() {
		p.add("status: missing")
		return p
	}
	r.checkStatus(&p)
	return p
}

// checkStatus checks what the status implies: a payment from PAID on
// (and none before), a rider from DELIVERING on. A cancelled order may
// have been paid or not.
func (r Record) checkStatus(p *problems) {
	paid := r.TxnID != "" && !r.PaidAt.IsZero() && r.Amounts.Paid == r.Amounts.Total
	switch r.Status {
	case StatusPendingPayment:
		if r.TxnID != "" || r.Amounts.Paid != 0 {
			p.add("status PENDING_PAYMENT: but paid")
		}
	case StatusCancelled:
		// Cancelled before or after payment: both are coherent.
	default:
		if !paid {
			p.add("status %s: payment missing or not the total", r.Status)
		}
	}
	needsRider := r.Status == StatusDelivering || r.Status == StatusDelivered ||
		r.Status == StatusCompleted
	if needsRider && r.RiderID == "" {
		p.add("status %s: no rider_id", r.Status)
	}
}
