package kvtest

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// TestSuiteOnMemstore runs the suite against a reference store kept in
// memory, at both volumes: the suite's own test, before and besides the
// real backends.
func TestSuiteOnMemstore(t *testing.T) {
	for name, f := range map[string]Features{"fast": {}, "slow": {Slow: true}} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			Run(t, newMemstore(), f)
		})
	}
}

// memstore is the simplest kv.Store: a map under a mutex, conditions
// evaluated with kv.Condition.Holds, queries by sorting a partition.
type memstore struct {
	mu    sync.Mutex
	items map[kv.Key]kv.Item
}

func newMemstore() *memstore { return &memstore{items: map[kv.Key]kv.Item{}} }

// stored copies an item as the store keeps it: its own data, its expiry
// truncated to the second.
func stored(it kv.Item) kv.Item {
	it.Data = bytes.Clone(it.Data)
	if !it.ExpiresAt.IsZero() {
		it.ExpiresAt = time.Unix(it.ExpiresAt.Unix(), 0)
	}
	return it
}

func (m *memstore) Get(ctx context.Context, pk, sk string) (kv.Item, error) {
	if err := kv.ValidateKey(kv.Key{PK: pk, SK: sk}); err != nil {
		return kv.Item{}, err
	}
	if err := ctx.Err(); err != nil {
		return kv.Item{}, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	it, ok := m.items[kv.Key{PK: pk, SK: sk}]
	if !ok || kv.Expired(it, time.Now()) {
		return kv.Item{}, fmt.Errorf("get %q/%q: %w", pk, sk, kv.ErrNotFound)
	}
	return stored(it), nil
}

func (m *memstore) Put(ctx context.Context, it kv.Item, cond kv.Condition) error {
	if err := kv.ValidateItem(it); err != nil {
		return err
	}
	return m.write(ctx, it.Key(), cond, func() { m.items[it.Key()] = stored(it) })
}

func (m *memstore) Delete(ctx context.Context, pk, sk string, cond kv.Condition) error {
	k := kv.Key{PK: pk, SK: sk}
	if err := kv.ValidateKey(k); err != nil {
		return err
	}
	return m.write(ctx, k, cond, func() { delete(m.items, k) })
}

// write applies a change to one key when cond holds of what it stores.
func (m *memstore) write(ctx context.Context, k kv.Key, cond kv.Condition, change func()) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	old, found := m.items[k]
	if !cond.Holds(old, found, time.Now()) {
		return fmt.Errorf("write %q/%q: %w", k.PK, k.SK, kv.ErrConditionFailed)
	}
	change()
	return nil
}

func (m *memstore) WriteBatch(ctx context.Context, puts []kv.Item, deletes []kv.Key) error {
	if err := kv.ValidateBatch(puts, deletes); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, it := range puts {
		m.items[it.Key()] = stored(it)
	}
	for _, k := range deletes {
		delete(m.items, k)
	}
	return nil
}

func (m *memstore) Query(ctx context.Context, q kv.Query) (kv.Page, error) {
	if err := q.Validate(); err != nil {
		return kv.Page{}, err
	}
	if err := ctx.Err(); err != nil {
		return kv.Page{}, err
	}
	sel := m.selection(q)
	if q.Cursor != "" {
		pos, _ := q.DecodeCursor()
		after := slices.IndexFunc(sel, func(it kv.Item) bool { return !before(q, it, pos) })
		if after < 0 {
			after = len(sel)
		}
		sel = sel[after:]
	}
	var page kv.Page
	if len(sel) > q.Limit {
		sel = sel[:q.Limit]
		page.Cursor = kv.EncodeCursor(sel[len(sel)-1], q.BySK2)
	}
	for _, it := range sel {
		page.Items = append(page.Items, stored(it))
	}
	return page, nil
}

// selection lists the live items the query selects, in its order.
func (m *memstore) selection(q kv.Query) []kv.Item {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := time.Now()
	var sel []kv.Item
	for _, it := range m.items {
		if it.PK == q.PK && !kv.Expired(it, now) && (!q.BySK2 || it.SK2 != "") && q.Matches(sortKey(q, it)) {
			sel = append(sel, it)
		}
	}
	slices.SortFunc(sel, func(a, b kv.Item) int { return compare(q, a, b.SK2, b.SK) })
	return sel
}

// sortKey is the key the query orders and selects by.
func sortKey(q kv.Query, it kv.Item) string {
	if q.BySK2 {
		return it.SK2
	}
	return it.SK
}

// compare orders an item against the position (sk2, sk) in the query's
// direction; by SK2, ties are broken by SK.
func compare(q kv.Query, it kv.Item, sk2, sk string) int {
	c := cmp.Compare(it.SK, sk)
	if q.BySK2 {
		c = cmp.Or(cmp.Compare(it.SK2, sk2), c)
	}
	if q.Backward {
		return -c
	}
	return c
}

// before reports whether the item comes at or before the cursor's position.
func before(q kv.Query, it kv.Item, pos kv.Position) bool {
	return compare(q, it, pos.SK2, pos.SK) <= 0
}
