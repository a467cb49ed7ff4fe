package boltkv

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"go.etcd.io/bbolt"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// ReclaimExpired deletes up to max expired items, those that expired first
// first, in one write transaction, and returns how many it deleted. Items
// that have not expired are never touched. The local runner's sweeper
// calls it; expired items are invisible whether reclaimed or not.
func (s *Store) ReclaimExpired(ctx context.Context, max int) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, fmt.Errorf("boltkv reclaim expired: %w", err)
	}
	if max <= 0 {
		return 0, nil
	}
	now := s.now()
	var n int
	err := s.db.Update(func(tx *bbolt.Tx) error {
		n = 0
		t, err := newTxn(tx)
		if err != nil {
			return err
		}
		for _, ek := range t.expiredKeys(now, max) {
			removed, err := t.reclaim(ek, now)
			if err != nil {
				return err
			}
			if removed {
				n++
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("boltkv reclaim expired: %w", err)
	}
	return n, nil
}

// expiredKeys returns copies of up to max expiry-bucket keys of items
// expired at now, oldest first.
func (t txn) expiredKeys(now time.Time, max int) [][]byte {
	var keys [][]byte
	c := t.expiry.Cursor()
	for k, _ := c.First(); k != nil && len(keys) < max; k, _ = c.Next() {
		at, _, err := splitExpiryKey(k)
		if err != nil || now.Before(at) {
			break
		}
		keys = append(keys, bytes.Clone(k))
	}
	return keys
}

// reclaim deletes the item an expiry entry names when it has expired at
// now, and the entry in any case; removed tells whether an item went.
func (t txn) reclaim(ek []byte, now time.Time) (removed bool, err error) {
	at, key, err := splitExpiryKey(ek)
	if err != nil {
		return false, err
	}
	pk, sk, err := splitItemKey(key)
	if err != nil {
		return false, err
	}
	old, found, err := t.load(pk, sk, key)
	if err != nil {
		return false, err
	}
	if !found || !kv.Expired(old, now) || !old.ExpiresAt.Equal(at) {
		return false, t.expiry.Delete(ek) // a stray entry; the item stays
	}
	return true, t.remove(key, old)
}
