package boltkv

import (
	"fmt"

	"go.etcd.io/bbolt"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// txn holds the buckets of one transaction.
type txn struct {
	items, sk2, expiry *bbolt.Bucket
}

func newTxn(tx *bbolt.Tx) (txn, error) {
	t := txn{
		items:  tx.Bucket(bucketItems),
		sk2:    tx.Bucket(bucketSK2),
		expiry: tx.Bucket(bucketExpiry),
	}
	if t.items == nil || t.sk2 == nil || t.expiry == nil {
		return t, fmt.Errorf("boltkv: buckets missing from the file")
	}
	return t, nil
}

// load reads the item stored under key, expired or not; found is false
// when there is none.
func (t txn) load(pk, sk string, key []byte) (it kv.Item, found bool, err error) {
	v := t.items.Get(key)
	if v == nil {
		return kv.Item{}, false, nil
	}
	it, err = decodeValue(pk, sk, v)
	return it, err == nil, err
}

// put stores it (already encoded as val) under key, replacing old when
// found, and keeps the indexes in step.
func (t txn) put(key, val []byte, it, old kv.Item, found bool) error {
	if found {
		if err := t.unindex(key, old, it); err != nil {
			return err
		}
	}
	if err := t.items.Put(key, val); err != nil {
		return err
	}
	if it.SK2 != "" && (!found || old.SK2 != it.SK2) {
		if err := t.sk2.Put(sk2Key(it.PK, it.SK2, it.SK), nil); err != nil {
			return err
		}
	}
	if sec, ok := expirySeconds(it); ok && (!found || !sameExpiry(old, it)) {
		return t.expiry.Put(expiryKey(sec, key), nil)
	}
	return nil
}

// remove deletes the item old stored under key and its index entries.
func (t txn) remove(key []byte, old kv.Item) error {
	if err := t.unindex(key, old, kv.Item{}); err != nil {
		return err
	}
	return t.items.Delete(key)
}

// unindex deletes the index entries of old that next does not share.
func (t txn) unindex(key []byte, old, next kv.Item) error {
	if old.SK2 != "" && old.SK2 != next.SK2 {
		if err := t.sk2.Delete(sk2Key(old.PK, old.SK2, old.SK)); err != nil {
			return err
		}
	}
	if sec, ok := expirySeconds(old); ok && !sameExpiry(old, next) {
		return t.expiry.Delete(expiryKey(sec, key))
	}
	return nil
}

// expirySeconds is the item's expiry in whole Unix seconds, if it has one.
func expirySeconds(it kv.Item) (int64, bool) {
	if it.ExpiresAt.IsZero() {
		return 0, false
	}
	return it.ExpiresAt.Unix(), true
}

func sameExpiry(a, b kv.Item) bool {
	sa, oka := expirySeconds(a)
	sb, okb := expirySeconds(b)
	return oka == okb && sa == sb
}

// replace stores it, encoded as val, whatever is stored under its key; a
// nil val deletes the item instead.
func (t txn) replace(it kv.Item, val []byte) error {
	key := itemKey(it.PK, it.SK)
	old, found, err := t.load(it.PK, it.SK, key)
	switch {
	case err != nil:
		return err
	case val != nil:
		return t.put(key, val, it, old, found)
	case found:
		return t.remove(key, old)
	}
	return nil
}
