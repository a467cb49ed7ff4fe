package orderstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// MaxStoreShards is the most shards a store-day's copies may be spread
// over: a page of its list reads every shard.
const MaxStoreShards = 64

// ErrInvalidShards: a shard count outside 1 to MaxStoreShards.
var ErrInvalidShards = errors.New("shard count must be 1 to 64")

// DayLayout is how the copies of one store's orders of one day are spread
// over partitions (docs/store-layout.md, "Hot stores"). It is pinned at the
// day's first write, from the store's shard count (SetStoreShards), so
// that every writer of the day agrees on it; only Reshard changes it
// afterwards.
type DayLayout struct {
	// Shards is the count the lists read; 1 is the store-day's own
	// partition, as for every store that is not sharded.
	Shards int `json:"shards"`
	// Next, while a reshard copies the day, is the count it copies into:
	// writers write the copies of both layouts.
	Next int `json:"next,omitempty"`
	// Drop, once a reshard has switched the lists to Shards, is the count
	// whose copies it is deleting; nobody writes them any more.
	Drop int `json:"drop,omitempty"`
	// Since is when the layout entered its phase.
	Since time.Time `json:"since"`
	// Pinned tells whether the layout is stored; a day without one has
	// had no write since layouts exist and is read as one shard.
	Pinned bool `json:"-"`
	// version guards the layout's changes (IfVersion).
	version int64
}

// writeCounts are the layouts a writer writes a copy into.
func (l DayLayout) writeCounts() []int {
	if l.Next > 0 {
		return []int{l.Shards, l.Next}
	}
	return []int{l.Shards}
}

// String names the layout's phase, for operators.
func (l DayLayout) String() string {
	switch {
	case !l.Pinned:
		return "1 shard (not pinned: no write yet)"
	case l.Next > 0:
		return fmt.Sprintf("%d shards, copying into %d since %s", l.Shards, l.Next, l.Since.Format(time.RFC3339))
	case l.Drop > 0:
		return fmt.Sprintf("%d shards, deleting the copies of %d since %s", l.Shards, l.Drop, l.Since.Format(time.RFC3339))
	}
	return fmt.Sprintf("%d shards", l.Shards)
}

func validShards(n int) error {
	if n < 1 || n > MaxStoreShards {
		return fmt.Errorf("%w: %d", ErrInvalidShards, n)
	}
	return nil
}

// StoreDayLayout reads the layout of a store's day, without the cache.
func (r *Repository) StoreDayLayout(ctx context.Context, storeID, day string) (DayLayout, error) {
	it, err := r.store.Get(ctx, storeLayoutPK(storeID), storeDayLayoutSK(day))
	if errors.Is(err, kv.ErrNotFound) {
		return DayLayout{Shards: 1}, nil
	}
	if err != nil {
		return DayLayout{}, fmt.Errorf("layout of store %s day %s: %w", storeID, day, err)
	}
	var l DayLayout
	if err := json.Unmarshal(it.Data, &l); err != nil || validShards(l.Shards) != nil {
		return DayLayout{}, fmt.Errorf("layout of store %s day %s: undecodable %q", storeID, day, it.Data)
	}
	l.Pinned, l.version = true, it.Version
	return l, nil
}

// putDayLayout stores l as the day's layout at the next version, when cond
// holds.
func (r *Repository) putDayLayout(ctx context.Context, storeID, day string, l DayLayout, cond kv.Condition) (DayLayout, error) {
	l.Since, l.Pinned, l.version = r.now().UTC(), true, l.version+1
	data, _ := json.Marshal(l)
	item := kv.Item{PK: storeLayoutPK(storeID), SK: storeDayLayoutSK(day), Version: l.version, Data: data}
	if err := r.store.Put(ctx, item, cond); err != nil {
		return DayLayout{}, fmt.Errorf("layout of store %s day %s: %w", storeID, day, err)
	}
	r.layouts.put(storeID, day, l)
	return l, nil
}

// writeLayout is the layout a write of the day's copies follows: the
// cached one, the stored one, or the one it pins at the day's first write.
func (r *Repository) writeLayout(ctx context.Context, storeID, day string) (DayLayout, error) {
	if l, ok := r.layouts.get(storeID, day); ok {
		return l, nil
	}
	l, err := r.StoreDayLayout(ctx, storeID, day)
	if err != nil || l.Pinned {
		r.layouts.put(storeID, day, l)
		return l, err
	}
	l, err = r.pinDayLayout(ctx, storeID, day)
	if err == nil {
		r.layouts.put(storeID, day, l) // else the day's next write reads it back
	}
	return l, err
}

// listLayout is the layout a list of the day reads: the cached or stored
// one. A day not pinned yet is read as one shard and not cached, so that
// a list sees the layout as soon as the day's first write pins it.
func (r *Repository) listLayout(ctx context.Context, storeID, day string) (DayLayout, error) {
	if l, ok := r.layouts.get(storeID, day); ok {
		return l, nil
	}
	l, err := r.StoreDayLayout(ctx, storeID, day)
	if err == nil && l.Pinned {
		r.layouts.put(storeID, day, l)
	}
	return l, err
}

// pinDayLayout stores the day's layout at its first write: the store's
// shard count, unless the day has copies already in its own partition
// (written before layouts existed), which keep it at one shard. Of
// writers racing to pin it, one succeeds (IfAbsent) and the others read
// what it stored.
func (r *Repository) pinDayLayout(ctx context.Context, storeID, day string) (DayLayout, error) {
	n, err := r.StoreShards(ctx, storeID)
	if err != nil {
		return DayLayout{}, err
	}
	if n > 1 {
		legacy, err := r.hasUnshardedCopies(ctx, storeID, day)
		if err != nil {
			return DayLayout{}, err
		}
		if legacy {
			n = 1
		}
	}
	l, err := r.putDayLayout(ctx, storeID, day, DayLayout{Shards: n}, kv.IfAbsent())
	if errors.Is(err, kv.ErrConditionFailed) {
		return r.StoreDayLayout(ctx, storeID, day)
	}
	return l, err
}

// hasUnshardedCopies reports whether the store-day's own partition holds
// any item.
func (r *Repository) hasUnshardedCopies(ctx context.Context, storeID, day string) (bool, error) {
	page, err := r.store.Query(ctx, kv.Query{PK: storeDayPK(storeID, day), Limit: 1})
	if err != nil {
		return false, fmt.Errorf("store %s day %s: %w", storeID, day, err)
	}
	return len(page.Items) > 0, nil
}

// shardsSetting is the stored form of a store's shard count.
type shardsSetting struct {
	Shards int       `json:"shards"`
	SetAt  time.Time `json:"set_at"`
}

// SetStoreShards sets how many shards the copies of the store's days are
// spread over from the next day its orders are first written on (a day
// already written keeps its layout; Reshard changes one). It returns
// ErrInvalidShards for a count out of range.
func (r *Repository) SetStoreShards(ctx context.Context, storeID string, n int) error {
	if err := validShards(n); err != nil {
		return err
	}
	data, _ := json.Marshal(shardsSetting{Shards: n, SetAt: r.now().UTC()})
	item := kv.Item{PK: storeLayoutPK(storeID), SK: storeShardsSK, Version: 1, Data: data}
	if err := r.store.Put(ctx, item, kv.Always()); err != nil {
		return fmt.Errorf("set shards of store %s: %w", storeID, err)
	}
	return nil
}

// StoreShards is the store's shard count for its new days (1 unless set).
func (r *Repository) StoreShards(ctx context.Context, storeID string) (int, error) {
	it, err := r.store.Get(ctx, storeLayoutPK(storeID), storeShardsSK)
	if errors.Is(err, kv.ErrNotFound) {
		return 1, nil
	}
	if err != nil {
		return 0, fmt.Errorf("shards of store %s: %w", storeID, err)
	}
	var s shardsSetting
	if err := json.Unmarshal(it.Data, &s); err != nil || validShards(s.Shards) != nil {
		return 0, fmt.Errorf("shards of store %s: undecodable %q", storeID, it.Data)
	}
	return s.Shards, nil
}
