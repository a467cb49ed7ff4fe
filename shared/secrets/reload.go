package secrets

import (
	"bytes"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultReloadInterval is how long a Reloader uses what it read before it
// reads the file again: a rotation written to the file is in use within it.
const DefaultReloadInterval = 10 * time.Second

// Reloader keeps a value built from the keys of one secret (see Lines) and
// reads the file again at most once an interval, so that a rotation written
// to the file is taken up without a restart. Get never waits for the file:
// while one caller reads it, the others get the value in use. A read or a
// build that fails keeps the value in use, is logged (the error, never the
// keys) and is tried again an interval later. It is safe for concurrent
// use.
type Reloader[T any] struct {
	dir, name string
	interval  time.Duration
	now       func() time.Time
	build     func(keys [][]byte) (T, error)
	reading   sync.Mutex
	loaded    atomic.Pointer[loaded[T]]
}

// loaded is what a Reloader last read and built.
type loaded[T any] struct {
	value T
	keys  [][]byte
	at    time.Time
}

// NewReloader reads the secret name from dir and builds its value with
// build, failing as Lines or build does. An interval of 0 or less means
// DefaultReloadInterval; a nil now means time.Now.
func NewReloader[T any](dir, name string, interval time.Duration, now func() time.Time,
	build func(keys [][]byte) (T, error)) (*Reloader[T], error) {
	if interval <= 0 {
		interval = DefaultReloadInterval
	}
	if now == nil {
		now = time.Now
	}
	r := &Reloader[T]{dir: dir, name: name, interval: interval, now: now, build: build}
	keys, err := Lines(dir, name)
	if err != nil {
		return nil, err
	}
	v, err := build(keys)
	if err != nil {
		return nil, err
	}
	r.loaded.Store(&loaded[T]{value: v, keys: keys, at: now()})
	return r, nil
}

// Get returns the value built from the keys last read, reading the file
// again first when that read is an interval old and no other caller is
// reading it.
func (r *Reloader[T]) Get() T {
	cur := r.loaded.Load()
	if r.now().Sub(cur.at) < r.interval || !r.reading.TryLock() {
		return cur.value
	}
	defer r.reading.Unlock()
	if cur = r.loaded.Load(); r.now().Sub(cur.at) < r.interval {
		return cur.value // another caller has just read it
	}
	next := r.reload(cur)
	r.loaded.Store(next)
	return next.value
}

// reload reads the file and builds its value when its keys changed; on
// failure it keeps cur's value and keys.
func (r *Reloader[T]) reload(cur *loaded[T]) *loaded[T] {
	next := &loaded[T]{value: cur.value, keys: cur.keys, at: r.now()}
	keys, err := Lines(r.dir, r.name)
	if err != nil {
		slog.Warn("secret not read again; the keys in use stay", "secret", r.name, "err", err)
		return next
	}
	if slices.EqualFunc(keys, cur.keys, bytes.Equal) {
		return next
	}
	v, err := r.build(keys)
	if err != nil {
		slog.Warn("secret read again is refused; the keys in use stay", "secret", r.name, "err", err)
		return next
	}
	slog.Info("secret read again: new keys in use", "secret", r.name, "keys", len(keys))
	next.value, next.keys = v, keys
	return next
}
