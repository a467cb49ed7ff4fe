package guard

import (
	"sync"
	"time"
)

// localCache is the in-process layer of a Cache: a map with expiry,
// emptied when it reaches its bound. A nil *localCache holds nothing.
type localCache struct {
	mu      sync.RWMutex
	max     int
	entries map[string]localEntry
}

type localEntry struct {
	val     []byte
	expires time.Time
}

func newLocalCache(max int) *localCache {
	return &localCache{max: max, entries: make(map[string]localEntry)}
}

func (l *localCache) get(key string, now time.Time) ([]byte, bool) {
	if l == nil {
		return nil, false
	}
	l.mu.RLock()
	e, ok := l.entries[key]
	l.mu.RUnlock()
	if !ok || !now.Before(e.expires) {
		return nil, false
	}
	return e.val, true
}

func (l *localCache) put(key string, val []byte, expires time.Time) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.entries) >= l.max {
		l.entries = make(map[string]localEntry, l.max)
	}
	l.entries[key] = localEntry{val: val, expires: expires}
}
