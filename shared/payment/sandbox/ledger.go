package sandbox

import (
	"net/http"
	"slices"

	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/payment/provider"
)

// Payment statuses, as the payment query answers them.
const (
	PaymentSucceeded = provider.PaymentSucceeded
	PaymentFailed    = provider.PaymentFailed
)

// Payment is one payment the provider took (or failed to take) for an
// order: what GET /payments answers, whether or not its webhook arrived.
// It is the client's type: the wire format is one.
type Payment = provider.Payment

// Refund is one refund as GET /refunds/<refund_id> answers it: its status
// now (a pending refund completed since says so).
type Refund = provider.RefundState

// recordPayment keeps the payment of ev, once per txn_id (a provider
// repeating itself sends the same txn again).
func (p *Provider) recordPayment(ev Event) {
	status := PaymentSucceeded
	if ev.Type == TypePaymentFailed {
		status = PaymentFailed
	}
	pay := Payment{TxnID: ev.TxnID, OrderID: ev.OrderID, Amount: ev.Amount, Currency: ev.Currency,
		Status: status, OccurredAt: ev.OccurredAt}
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, seen := p.txnOrders[ev.TxnID]; seen {
		return
	}
	p.txnOrders[ev.TxnID] = ev.OrderID
	p.payments[ev.OrderID] = append(p.payments[ev.OrderID], pay)
}

// Payments returns the payments of an order, oldest first.
func (p *Provider) Payments(orderID string) []Payment {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.payments[orderID])
}

// RefundOf returns the refund refundID as it stands, and whether the
// provider knows it.
func (p *Provider) RefundOf(refundID string) (Refund, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	rf, ok := p.refundIDs[refundID]
	if !ok {
		return Refund{}, false
	}
	return Refund{RefundID: rf.req.RefundID, TxnID: rf.req.TxnID, Amount: rf.req.Amount,
		Currency: rf.req.Currency, Status: rf.status, CreatedAt: rf.createdAt}, true
}

// paymentList is the answer of GET /payments.
type paymentList struct {
	Payments []Payment `json:"payments"`
}

// handlePayments serves GET /payments?order_id=<id>.
func (p *Provider) handlePayments(w http.ResponseWriter, r *http.Request) {
	orderID := r.URL.Query().Get("order_id")
	if orderID == "" || len(orderID) > 128 {
		httpapi.WriteError(w, httpapi.Details{{Field: "order_id", Problem: "must be 1 to 128 characters"}}.Invalid())
		return
	}
	list := paymentList{Payments: p.Payments(orderID)}
	if list.Payments == nil {
		list.Payments = []Payment{}
	}
	httpapi.WriteJSON(w, http.StatusOK, list)
}

// handleRefundQuery serves GET /refunds/<refund_id>.
func (p *Provider) handleRefundQuery(w http.ResponseWriter, r *http.Request) {
	rf, ok := p.RefundOf(r.PathValue("refund_id"))
	if !ok {
		httpapi.WriteError(w, &httpapi.Problem{Code: httpapi.CodeNotFound, Message: "no such refund"})
		return
	}
	httpapi.WriteJSON(w, http.StatusOK, rf)
}
