// Package kv is the composite-key store the order center keeps its records
// in: items addressed by a partition key and a sort key, written with
// single-item conditions, read one by one or by querying one partition.
//
// It is the portable subset of DynamoDB that every DynamoDB-compatible
// store (AWS DynamoDB, ScyllaDB Alternator, DynamoDB Local, dynalite) and the
// embedded store of the local runner share: no scans, and no transactions
// in Store itself. Stores that can write several items atomically also
// implement the optional Transactor, which callers may use to shorten a path
// but never rely on. Each backend passes the conformance suite in package
// kvtest, including its transaction cases when it is Transactional.
package kv

import (
	"context"
	"time"
)

// Store is a composite-key store. Every method takes the caller's context and
// returns one of the sentinel errors of this package (wrapped) for the
// failures it names; anything else is an infrastructure failure.
type Store interface {
	// Get reads one item. It returns ErrNotFound when the item is absent or
	// expired.
	Get(ctx context.Context, pk, sk string) (Item, error)
	// Put writes a whole item, replacing any item under the same key, when
	// cond holds. It returns ErrConditionFailed when it does not.
	Put(ctx context.Context, item Item, cond Condition) error
	// Delete removes an item when cond holds; deleting an absent item with
	// the condition Always succeeds. It returns ErrConditionFailed when the
	// condition does not hold.
	Delete(ctx context.Context, pk, sk string, cond Condition) error
	// WriteBatch applies unconditional puts and deletes of any number of
	// items, each atomic on its own but the batch as a whole not atomic
	// (backends send it in chunks of MaxBatch). Keys must be distinct; a
	// batch that fails validation writes nothing.
	WriteBatch(ctx context.Context, puts []Item, deletes []Key) error
	// Query reads one partition in sort-key order (or the order of the
	// secondary sort key when q.BySK2 is set), one page at a time. Reads
	// are strongly consistent, by SK2 too. A page may hold fewer items than
	// the limit; its cursor is empty exactly when no live item follows, and
	// stays usable after the item it points at is deleted.
	Query(ctx context.Context, q Query) (Page, error)
}

// Key addresses one item.
type Key struct {
	PK string
	SK string
}

// Item is one record. The store understands only its keys, its version and
// its expiry; Data is opaque to it.
type Item struct {
	PK string
	SK string
	// SK2 is an optional second sort key within the same partition; items
	// that have one can also be queried in its order (see Query.BySK2).
	SK2 string
	// Version is the caller's optimistic-concurrency counter, checked by
	// IfVersion and IfVersionBelow.
	Version int64
	// ExpiresAt, when not zero, is when the item stops existing: from then
	// on it is not returned and counts as absent for conditions, though
	// the backend may take a while to reclaim its space. It is kept to
	// whole seconds (Unix time, truncated), as DynamoDB's TTL keeps it.
	ExpiresAt time.Time
	// Data is the payload, at most MaxItemBytes together with the keys.
	Data []byte
}

// Key returns the item's key.
func (it Item) Key() Key { return Key{PK: it.PK, SK: it.SK} }

// Limits every backend enforces, DynamoDB's own.
const (
	MaxPKBytes   = 2048
	MaxSKBytes   = 1024
	MaxItemBytes = 400 * 1024
	// MaxIndexedItemBytes is the limit for items with an SK2: DynamoDB
	// Local refuses indexed items above about 200 KB (it counts the index
	// entry with the item).
	MaxIndexedItemBytes = 200 * 1024
	MaxBatch            = 25
	MaxPageLimit        = 1000
)

// ItemSize is the size an item counts for against its limit: its keys, its
// data and a fixed allowance for the attribute names and numbers.
func ItemSize(it Item) int {
	return len(it.PK) + len(it.SK) + len(it.SK2) + len(it.Data) + 64
}

// SizeLimit is the most an item may count for: MaxIndexedItemBytes with an
// SK2, MaxItemBytes without.
func SizeLimit(it Item) int {
	if it.SK2 != "" {
		return MaxIndexedItemBytes
	}
	return MaxItemBytes
}
