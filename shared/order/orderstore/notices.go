package orderstore

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// PaymentNotices keeps the payment provider's notifications for support,
// by order and event id (pay-callback decides what a notice holds; the
// layout is in keys.go and docs/pay-callback.md).
type PaymentNotices struct {
	store kv.Store
}

// PaymentNotices returns the payment notices in the repository's store.
func (r *Repository) PaymentNotices() *PaymentNotices { return &PaymentNotices{store: r.store} }

// Record keeps a notice (JSON) of the order, or of no order when orderID
// is empty, under its event id until expires; the same event id again
// replaces it.
func (n *PaymentNotices) Record(ctx context.Context, orderID, eventID string, notice []byte, expires time.Time) error {
	it := kv.Item{PK: paymentNoticePK(orderID), SK: eventID, Data: notice, ExpiresAt: expires}
	if err := n.store.Put(ctx, it, kv.Always()); err != nil {
		return fmt.Errorf("record payment notice %s: %w", eventID, err)
	}
	return nil
}

// ByOrder returns the notices kept of an order, by event id: at most a
// page of the store (kv.MaxPageLimit).
func (n *PaymentNotices) ByOrder(ctx context.Context, orderID string) (map[string]json.RawMessage, error) {
	page, err := n.store.Query(ctx, kv.Query{PK: paymentNoticePK(orderID), Limit: kv.MaxPageLimit})
	if err != nil {
		return nil, fmt.Errorf("payment notices of order %s: %w", orderID, err)
	}
	out := make(map[string]json.RawMessage, len(page.Items))
	for _, it := range page.Items {
		out[it.SK] = it.Data
	}
	return out, nil
}
