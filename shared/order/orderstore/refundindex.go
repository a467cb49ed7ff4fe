package orderstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// RefundIndex keeps, beside the orders, what the refund service needs to
// find a refund again: the claim binding a refund id to its order, and the
// pending item of each refund not yet settled, sorted by when it is due.
// The service decides what a pending item holds (its Data); the index
// decides where it lives (keys.go, docs/refunds.md).
type RefundIndex struct {
	store kv.Store
}

// RefundIndex returns the refund index in the repository's store.
func (r *Repository) RefundIndex() *RefundIndex { return &RefundIndex{store: r.store} }

// PendingRefund is the stored form of a refund not yet settled.
type PendingRefund struct {
	RefundID string
	// DueAt is when its next attempt is due: what DuePending sorts by
	// (to the second; read back, it has no finer part).
	DueAt time.Time
	// Version guards every write (compare and set); 0: not stored yet.
	Version int64
	// Data is the refund service's retry state (JSON).
	Data []byte
}

type refundClaim struct {
	OrderID string `json:"order_id"`
}

// ClaimRefundID binds the refund id to the order unless it is bound
// already, and returns the order it is bound to: orderID, or the order
// that claimed it first.
func (x *RefundIndex) ClaimRefundID(ctx context.Context, refundID, orderID string) (string, error) {
	data, _ := json.Marshal(refundClaim{OrderID: orderID})
	it := kv.Item{PK: refundClaimPK(refundID), SK: refundClaimSK, Data: data}
	err := x.store.Put(ctx, it, kv.IfAbsent())
	if err == nil {
		return orderID, nil
	}
	if !errors.Is(err, kv.ErrConditionFailed) {
		return "", fmt.Errorf("claim refund id %s: %w", refundID, err)
	}
	owner, found, err := x.RefundOrder(ctx, refundID)
	if err == nil && !found {
		err = fmt.Errorf("refund id %s: claim vanished", refundID)
	}
	return owner, err
}

// RefundOrder returns the order a refund id is bound to; found is false
// when it is bound to none.
func (x *RefundIndex) RefundOrder(ctx context.Context, refundID string) (orderID string, found bool, err error) {
	it, err := x.store.Get(ctx, refundClaimPK(refundID), refundClaimSK)
	if errors.Is(err, kv.ErrNotFound) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("read refund id %s: %w", refundID, err)
	}
	var c refundClaim
	if err := json.Unmarshal(it.Data, &c); err != nil {
		return "", false, fmt.Errorf("decode refund id %s: %w", refundID, err)
	}
	return c.OrderID, true, nil
}

// GetPending reads a refund's pending item; found is false when there is
// none.
func (x *RefundIndex) GetPending(ctx context.Context, refundID string) (PendingRefund, bool, error) {
	it, err := x.store.Get(ctx, refundDuePK(refundDueShard(refundID)), refundID)
	if errors.Is(err, kv.ErrNotFound) {
		return PendingRefund{}, false, nil
	}
	if err != nil {
		return PendingRefund{}, false, fmt.Errorf("read pending refund %s: %w", refundID, err)
	}
	return pendingOf(it), true, nil
}

// PutPending writes p if nobody wrote it since it was read (for a p never
// stored, Version 0: if there is none), and returns its new version;
// otherwise it writes nothing and returns ErrPendingChanged.
func (x *RefundIndex) PutPending(ctx context.Context, p PendingRefund) (int64, error) {
	cond := kv.IfVersion(p.Version)
	if p.Version == 0 {
		cond = kv.IfAbsent()
	}
	it := kv.Item{PK: refundDuePK(refundDueShard(p.RefundID)), SK: p.RefundID,
		SK2: refundDueSK2(p.DueAt, p.RefundID), Version: p.Version + 1, Data: p.Data}
	err := x.store.Put(ctx, it, cond)
	if errors.Is(err, kv.ErrConditionFailed) {
		err = ErrPendingChanged
	}
	if err != nil {
		return p.Version, fmt.Errorf("write pending refund %s: %w", p.RefundID, err)
	}
	return it.Version, nil
}

// DropPending deletes a refund's pending item; dropping it twice is fine.
func (x *RefundIndex) DropPending(ctx context.Context, refundID string) error {
	err := x.store.Delete(ctx, refundDuePK(refundDueShard(refundID)), refundID, kv.Always())
	if err != nil {
		return fmt.Errorf("drop pending refund %s: %w", refundID, err)
	}
	return nil
}

// DuePending returns up to limit pending items due at or before the time,
// the most overdue first. Its cost grows with the refunds pending, never
// with the orders stored.
func (x *RefundIndex) DuePending(ctx context.Context, before time.Time, limit int) ([]PendingRefund, error) {
	var items []kv.Item
	for shard := range refundDueShards {
		q := kv.Query{PK: refundDuePK(shard), BySK2: true, SKTo: refundDueSK2(before, "~"), Limit: limit}
		page, err := x.store.Query(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("due refunds: %w", err)
		}
		items = append(items, page.Items...)
	}
	sort.Slice(items, func(i, j int) bool { return items[i].SK2 < items[j].SK2 })
	out := make([]PendingRefund, 0, min(limit, len(items)))
	for _, it := range items[:min(limit, len(items))] {
		out = append(out, pendingOf(it))
	}
	return out, nil
}

// pendingOf is the pending refund of an item; its due time is that of
// its SK2, to the second.
func pendingOf(it kv.Item) PendingRefund {
	return PendingRefund{RefundID: it.SK, DueAt: refundDueOf(it.SK2), Version: it.Version, Data: it.Data}
}
