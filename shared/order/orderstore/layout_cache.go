package orderstore

import (
	"sync"
	"time"
)

// Defaults of the layout cache.
const (
	// DefaultLayoutTTL is how long a repository keeps a store-day's layout
	// before reading it again (Options.LayoutTTL).
	DefaultLayoutTTL = time.Minute
	// maxCachedLayouts bounds the cache; it is emptied when full.
	maxCachedLayouts = 10_000
)

// layoutCache keeps the layouts of store-days recently written or listed,
// each for a while. It only saves reads: Reshard waits longer than an
// entry lives before it relies on every writer seeing a new layout.
type layoutCache struct {
	ttl time.Duration
	now func() time.Time

	mu      sync.Mutex
	entries map[layoutCacheKey]cachedLayout
}

type layoutCacheKey struct{ storeID, day string }

type cachedLayout struct {
	layout  DayLayout
	expires time.Time
}

// newLayoutCache keeps layouts for ttl; with ttl <= 0 it keeps none.
func newLayoutCache(ttl time.Duration, now func() time.Time) *layoutCache {
	return &layoutCache{ttl: ttl, now: now, entries: map[layoutCacheKey]cachedLayout{}}
}

func (c *layoutCache) get(storeID, day string) (DayLayout, bool) {
	if c.ttl <= 0 {
		return DayLayout{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[layoutCacheKey{storeID, day}]
	if !ok || !c.now().Before(e.expires) {
		return DayLayout{}, false
	}
	return e.layout, true
}

// put keeps a pinned layout; an unpinned one is never kept.
func (c *layoutCache) put(storeID, day string, l DayLayout) {
	if c.ttl <= 0 || !l.Pinned {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= maxCachedLayouts {
		clear(c.entries)
	}
	c.entries[layoutCacheKey{storeID, day}] = cachedLayout{layout: l, expires: c.now().Add(c.ttl)}
}
