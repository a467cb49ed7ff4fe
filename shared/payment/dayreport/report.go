package dayreport

import (
	"cmp"
	"slices"
	"time"

	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/payment/provider"
)

// Kind is the kind of a difference (see the package documentation).
type Kind string

// The kinds of difference.
const (
	PaidAtProviderNotHere   Kind = "paid_at_provider_not_here"
	PaidHereNotAtProvider   Kind = "paid_here_not_at_provider"
	PaymentAmountDiffers    Kind = "payment_amount_differs"
	RefundAtProviderNotHere Kind = "refund_at_provider_not_here"
	RefundHereNotAtProvider Kind = "refund_here_not_at_provider"
	RefundAmountDiffers     Kind = "refund_amount_differs"
	RefundStatusDiffers     Kind = "refund_status_differs"
)

// Difference is one thing the provider and the order center disagree on.
// Amounts are in minor units; a side that has nothing has amount 0 and no
// status.
type Difference struct {
	Kind           Kind   `json:"kind"`
	OrderID        string `json:"order_id,omitempty"`
	StoreID        string `json:"store_id,omitempty"`
	TxnID          string `json:"txn_id,omitempty"`
	RefundID       string `json:"refund_id,omitempty"`
	Currency       string `json:"currency,omitempty"`
	ProviderAmount int64  `json:"provider_amount"`
	OurAmount      int64  `json:"our_amount"`
	ProviderStatus string `json:"provider_status,omitempty"`
	OurStatus      string `json:"our_status,omitempty"`
}

// key identifies the difference: each is listed once.
func (d Difference) key() string { return string(d.Kind) + "\x00" + d.TxnID + "\x00" + d.RefundID }

// Report is the reconciliation of one day, of every store or of one.
type Report struct {
	// Day is the UTC day, YYYY-MM-DD.
	Day string `json:"day"`
	// Store is the store reconciled, empty for every store.
	Store string `json:"store,omitempty"`
	// ProviderPayments and ProviderRefunds count the entries of the
	// provider's ledger compared; Orders the orders read.
	ProviderPayments int `json:"provider_payments"`
	ProviderRefunds  int `json:"provider_refunds"`
	Orders           int `json:"orders"`
	// Differences are sorted by kind, then order, txn and refund id.
	Differences []Difference `json:"differences"`
}

// sortDifferences orders the report's differences stably.
func (r *Report) sortDifferences() {
	cmpDiff := func(a, b Difference) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.OrderID, b.OrderID),
			cmp.Compare(a.TxnID, b.TxnID), cmp.Compare(a.RefundID, b.RefundID))
	}
	slices.SortFunc(r.Differences, cmpDiff)
}

// onDay reports whether t falls on the UTC day that starts at from.
func onDay(t, from time.Time) bool {
	return !t.Before(from) && t.Before(from.Add(24*time.Hour))
}

// ourRefundStatus is the provider's name of a refund status here.
func ourRefundStatus(s order.RefundStatus) string {
	switch s {
	case order.RefundSucceeded:
		return provider.StatusSucceeded
	case order.RefundFailed:
		return provider.StatusFailed
	}
	return provider.StatusPending
}
