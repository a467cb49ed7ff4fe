package refund

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// index keeps the refund id claims and the pending items in a kv.Store
// (layout in docs/refunds.md).
type index struct {
	store     kv.Store
	partition string
	shards    int
}

// claimSK is the sort key of a refund id claim.
const claimSK = "order"

func claimPK(refundID string) string { return "refund#" + refundID }

type claim struct {
	OrderID string `json:"order_id"`
}

// claim binds the refund id to the order, once and for good: the same id
// on the same order again is fine, on another order ErrRefundIDTaken.
func (x *index) claim(ctx context.Context, refundID, orderID string) error {
	data, _ := json.Marshal(claim{OrderID: orderID})
	err := x.store.Put(ctx, kv.Item{PK: claimPK(refundID), SK: claimSK, Data: data}, kv.IfAbsent())
	if !errors.Is(err, kv.ErrConditionFailed) {
		return wrapStore("claim refund id "+refundID, err)
	}
	owner, err := x.orderOf(ctx, refundID)
	if err != nil {
		return err
	}
	if owner != orderID {
		return fmt.Errorf("refund id %s: %w", refundID, ErrRefundIDTaken)
	}
	return nil
}

// orderOf returns the order a refund id is bound to, or ErrNotFound.
func (x *index) orderOf(ctx context.Context, refundID string) (string, error) {
	it, err := x.store.Get(ctx, claimPK(refundID), claimSK)
	if errors.Is(err, kv.ErrNotFound) {
		return "", fmt.Errorf("refund id %s: %w", refundID, ErrNotFound)
	}
	if err != nil {
		return "", wrapStore("read refund id "+refundID, err)
	}
	var c claim
	if err := json.Unmarshal(it.Data, &c); err != nil {
		return "", fmt.Errorf("decode refund id %s: %w", refundID, err)
	}
	return c.OrderID, nil
}

// pending is the retry state of a refund not yet settled.
type pending struct {
	OrderID  string `json:"order_id"`
	RefundID string `json:"refund_id"`
	// Attempts counts the calls made to the provider; Failures the
	// transient ones among them; Polls the "pending" answers.
	Attempts    int       `json:"attempts"`
	Failures    int       `json:"failures"`
	Polls       int       `json:"polls"`
	NextAt      time.Time `json:"next_at"`
	LastFailure string    `json:"last_failure,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	// version guards every write (compare and set); 0: not stored yet.
	version int64
}

func (x *index) pendingPK(refundID string) string {
	h := fnv.New32a()
	h.Write([]byte(refundID))
	return fmt.Sprintf("%s#%03d", x.partition, h.Sum32()%uint32(x.shards))
}

// dueSK2 orders pending items by when they are due.
func dueSK2(at time.Time, refundID string) string {
	return fmt.Sprintf("%012d#%s", max(at.Unix(), 0), refundID)
}

// getPending reads a refund's pending item; found is false when there is
// none.
func (x *index) getPending(ctx context.Context, refundID string) (pending, bool, error) {
	it, err := x.store.Get(ctx, x.pendingPK(refundID), refundID)
	if errors.Is(err, kv.ErrNotFound) {
		return pending{}, false, nil
	}
	if err != nil {
		return pending{}, false, wrapStore("read pending refund "+refundID, err)
	}
	p, err := decodePending(it)
	return p, err == nil, err
}

// putPending writes p if nobody wrote it since it was read (or, for a p
// never stored, if there is none); it returns p as stored, or an error
// wrapping kv.ErrConditionFailed.
func (x *index) putPending(ctx context.Context, p pending) (pending, error) {
	cond := kv.IfVersion(p.version)
	if p.version == 0 {
		cond = kv.IfAbsent()
	}
	p.version++
	data, _ := json.Marshal(p)
	it := kv.Item{PK: x.pendingPK(p.RefundID), SK: p.RefundID, SK2: dueSK2(p.NextAt, p.RefundID),
		Version: p.version, Data: data}
	if err := x.store.Put(ctx, it, cond); err != nil {
		return p, wrapStore("write pending refund "+p.RefundID, err)
	}
	return p, nil
}

// dropPending deletes a refund's pending item; dropping it twice is fine.
func (x *index) dropPending(ctx context.Context, refundID string) error {
	return wrapStore("drop pending refund "+refundID,
		x.store.Delete(ctx, x.pendingPK(refundID), refundID, kv.Always()))
}

// due returns up to limit pending items due at or before the time, the
// most overdue first. Its cost grows with the refunds pending, never with
// the orders stored.
func (x *index) due(ctx context.Context, before time.Time, limit int) ([]pending, error) {
	var out []pending
	for shard := range x.shards {
		q := kv.Query{PK: fmt.Sprintf("%s#%03d", x.partition, shard), BySK2: true,
			SKTo: dueSK2(before, "~"), Limit: limit}
		page, err := x.store.Query(ctx, q)
		if err != nil {
			return nil, wrapStore("due refunds", err)
		}
		for _, it := range page.Items {
			p, err := decodePending(it)
			if err != nil {
				return nil, err
			}
			out = append(out, p)
		}
	}
	sortByDue(out)
	return out[:min(limit, len(out))], nil
}

func decodePending(it kv.Item) (pending, error) {
	var p pending
	if err := json.Unmarshal(it.Data, &p); err != nil {
		return pending{}, fmt.Errorf("decode pending refund %s: %w", it.SK, err)
	}
	p.version = it.Version
	return p, nil
}

// wrapStore names the operation of a store error, keeping nil nil.
func wrapStore(op string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", op, err)
}
