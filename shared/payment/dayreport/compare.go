package dayreport

import (
	"context"
	"fmt"
	"time"

	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/payment/provider"
)

// comparison is one report's comparison of both sides.
type comparison struct {
	src    Sources
	day    time.Time
	store  string
	orders map[string]order.Record
	seen   map[string]bool
}

// add lists d, once.
func (c *comparison) add(rep *Report, d Difference) {
	if c.seen[d.key()] {
		return
	}
	c.seen[d.key()] = true
	rep.Differences = append(rep.Differences, d)
}

// inScope reports whether an entry of the order is reconciled: every one
// when no store is asked for, else only those of orders of the store.
func (c *comparison) inScope(orderID string) (order.Record, bool, bool) {
	rec, known := c.orders[orderID]
	return rec, known, c.store == "" || (known && rec.StoreID == c.store)
}

// provider compares each entry of the provider's ledger with the orders.
func (c *comparison) provider(entries []provider.LedgerEntry, rep *Report) {
	for _, e := range entries {
		rec, known, scoped := c.inScope(e.OrderID)
		if !scoped {
			continue
		}
		d := Difference{OrderID: e.OrderID, StoreID: rec.StoreID, TxnID: e.TxnID, RefundID: e.RefundID,
			Currency: e.Currency, ProviderAmount: e.Amount, ProviderStatus: e.Status}
		switch {
		case e.Type == provider.EntryPayment && e.Status == provider.PaymentSucceeded:
			rep.ProviderPayments++
			c.providerPayment(rep, d, rec, known)
		case e.Type == provider.EntryRefund:
			rep.ProviderRefunds++
			c.providerRefund(rep, d, rec, known)
		}
	}
}

// providerPayment compares a payment the provider took with its order.
func (c *comparison) providerPayment(rep *Report, d Difference, rec order.Record, known bool) {
	amount, ok := txnAmount(rec, d.TxnID)
	switch {
	case !known || !ok:
		d.Kind = PaidAtProviderNotHere
	case amount != d.ProviderAmount:
		d.Kind, d.OurAmount, d.OurStatus = PaymentAmountDiffers, amount, provider.PaymentSucceeded
	default:
		return
	}
	c.add(rep, d)
}

// providerRefund compares a refund the provider has with its order's.
func (c *comparison) providerRefund(rep *Report, d Difference, rec order.Record, known bool) {
	rf, ok := refundOf(rec, d.RefundID)
	if known && ok {
		d.OurAmount, d.OurStatus = rf.Amount, ourRefundStatus(rf.Status)
	}
	switch {
	case !known || !ok:
		d.Kind = RefundAtProviderNotHere
	case rf.Amount != d.ProviderAmount:
		d.Kind = RefundAmountDiffers
	case rf.Status.IsFinal() && d.ProviderStatus != provider.StatusPending && d.OurStatus != d.ProviderStatus:
		d.Kind = RefundStatusDiffers
	default:
		return
	}
	c.add(rep, d)
}

// ours looks for what the orders did on the day that the provider's
// ledger of the day lacks, and asks the provider about each.
func (c *comparison) ours(ctx context.Context, entries []provider.LedgerEntry, rep *Report) error {
	txns, refunds := map[string]bool{}, map[string]bool{}
	for _, e := range entries {
		if e.Type == provider.EntryPayment && e.Status == provider.PaymentSucceeded {
			txns[e.TxnID] = true
		}
		if e.Type == provider.EntryRefund {
			refunds[e.RefundID] = true
		}
	}
	for _, rec := range c.orders {
		if c.store != "" && rec.StoreID != c.store {
			continue
		}
		rep.Orders++
		if rec.TxnID != "" && onDay(rec.PaidAt, c.day) && !txns[rec.TxnID] {
			if err := c.askPayment(ctx, rep, rec); err != nil {
				return err
			}
		}
		for _, rf := range rec.Refunds {
			if rf.Status != order.RefundFailed && onDay(rf.CreatedAt, c.day) && !refunds[rf.RefundID] {
				if err := c.askRefund(ctx, rep, rec, rf); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// askPayment lists the order's payment unless the provider has its txn
// as succeeded on another day.
func (c *comparison) askPayment(ctx context.Context, rep *Report, rec order.Record) error {
	pays, err := c.src.Provider.Payments(ctx, rec.OrderID)
	if err != nil {
		return fmt.Errorf("payments of order %s at the provider: %w", rec.OrderID, err)
	}
	for _, p := range pays {
		if p.TxnID == rec.TxnID && p.Status == provider.PaymentSucceeded {
			return nil
		}
	}
	c.add(rep, Difference{Kind: PaidHereNotAtProvider, OrderID: rec.OrderID, StoreID: rec.StoreID, TxnID: rec.TxnID,
		Currency: rec.Currency, OurAmount: rec.Amounts.Paid, OurStatus: provider.PaymentSucceeded})
	return nil
}

// askRefund lists the order's refund when the provider does not know it.
func (c *comparison) askRefund(ctx context.Context, rep *Report, rec order.Record, rf order.Refund) error {
	_, err := c.src.Provider.RefundStatus(ctx, rf.RefundID)
	switch {
	case err == nil:
		return nil // on the provider's ledger of another day
	case !notFound(err):
		return fmt.Errorf("refund %s at the provider: %w", rf.RefundID, err)
	}
	c.add(rep, Difference{Kind: RefundHereNotAtProvider, OrderID: rec.OrderID, StoreID: rec.StoreID, TxnID: rf.TxnID,
		RefundID: rf.RefundID, Currency: rf.Currency, OurAmount: rf.Amount, OurStatus: ourRefundStatus(rf.Status)})
	return nil
}

// txnAmount is what the order took by txn: its payment, or a payment it
// returned; ok is false when the order does not know the txn.
func txnAmount(rec order.Record, txnID string) (int64, bool) {
	if rec.TxnID == txnID {
		return rec.Amounts.Paid, true
	}
	for _, rf := range rec.Refunds {
		if rf.Kind == order.KindPaymentReturn && rf.TxnID == txnID {
			return rf.Amount, true
		}
	}
	return 0, false
}

// refundOf is the order's refund or payment return with the id.
func refundOf(rec order.Record, refundID string) (order.Refund, bool) {
	for _, rf := range rec.Refunds {
		if rf.RefundID == refundID {
			return rf, true
		}
	}
	return order.Refund{}, false
}
