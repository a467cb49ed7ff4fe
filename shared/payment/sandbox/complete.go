package sandbox

import (
	"context"
	"fmt"
	"time"
)

// CompleteRefund settles the pending refund refundID with outcome
// (StatusSucceeded or StatusFailed) and sends its refund.succeeded or
// refund.failed webhook. The event's order_id is the one paid under the
// refund's txn_id through Pay, empty when the payment did not come from
// this sandbox. The refund is settled even when the webhook is not
// delivered; Redeliver sends it again. Errors: ErrInvalidRequest (another
// outcome), ErrUnknownRefund, ErrNotPending, and those of Pay.
func (p *Provider) CompleteRefund(ctx context.Context, refundID, outcome string) (Delivery, error) {
	types := map[string]string{StatusSucceeded: TypeRefundSucceeded, StatusFailed: TypeRefundFailed}
	typ, ok := types[outcome]
	if !ok {
		return Delivery{}, fmt.Errorf("complete refund %q: outcome %q: %w", refundID, outcome, ErrInvalidRequest)
	}
	ev, err := p.settle(refundID, outcome, typ)
	if err != nil {
		return Delivery{}, fmt.Errorf("complete refund %q: %w", refundID, err)
	}
	return p.deliver(ctx, ev)
}

// settle moves the pending refund refundID to outcome and keeps and
// returns the event announcing it.
func (p *Provider) settle(refundID, outcome, typ string) (Event, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	rf, ok := p.refundIDs[refundID]
	if !ok {
		return Event{}, ErrUnknownRefund
	}
	if rf.status != StatusPending {
		return Event{}, fmt.Errorf("refund is %s: %w", rf.status, ErrNotPending)
	}
	rf.status = outcome
	ev := Event{EventID: newID("evt"), Type: typ, OrderID: p.txnOrders[rf.req.TxnID], TxnID: rf.req.TxnID,
		Amount: rf.req.Amount, Currency: rf.req.Currency, OccurredAt: p.cfg.Now().UTC().Truncate(time.Millisecond),
		RefundID: refundID}
	p.events[ev.EventID] = ev
	return ev, nil
}
