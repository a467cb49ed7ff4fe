package orderstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/order"
)

// errKeyHeld says a keyed create found its key record (or, in a
// transaction, its master) there already; nothing was written.
var errKeyHeld = errors.New("key record or order there already")

// maxKeyAttempts bounds how often CreateOnce writes again after finding
// its key record gone or abandoned.
const maxKeyAttempts = 3

// CreateOnce is Create under an idempotency key: k (its user, key, request
// hash and the first answer, computed from o's record) is recorded with the
// order, so that a repeat of the request finds the key answered exactly
// when the order is stored (see the package documentation). k.OrderID,
// WrittenAt and ExpiresAt are set here.
//
// It returns the key's record as stored: k, or, when an earlier attempt
// under the same key created this very order, that attempt's, whose answer
// is the one to give. A record of this order whose writer died before the
// order was stored (KeyAbandoned) is written over. Errors: ErrKeyTaken
// (a *KeyTakenError) when the key is recorded for another order;
// ErrKeyBusy when another attempt may still be writing this order under
// the key; ErrSyncPending as for Create; ErrExists also when the order is
// stored without a record of the key.
func (r *Repository) CreateOnce(ctx context.Context, o *order.Order, k KeyRecord) (KeyRecord, error) {
	rec, intents, err := r.newOrder(o)
	if err != nil {
		return KeyRecord{}, err
	}
	if k.UserID != rec.UserID || k.Key == "" {
		return KeyRecord{}, fmt.Errorf("create order %s: key %q of user %q: not the order's", rec.OrderID, k.Key, k.UserID)
	}
	k.OrderID, k.WrittenAt, k.version = rec.OrderID, r.now().UTC(), 0
	k.ExpiresAt = k.WrittenAt.Add(KeyTTL).Truncate(time.Second)
	cond := kv.IfAbsent()
	for range maxKeyAttempts {
		err := r.createKeyed(ctx, rec, intents, k, cond)
		if !errors.Is(err, errKeyHeld) {
			k.State = KeyAnswered
			return k, err
		}
		stored, next, err := r.heldBy(ctx, rec, k)
		if err != nil || next == nil {
			return stored, err
		}
		cond, k.version = *next, stored.version
	}
	return KeyRecord{}, fmt.Errorf("create order %s: key %s: %w", rec.OrderID, k.Key, ErrKeyBusy)
}

// createKeyed writes the order with its key record on condition cond.
func (r *Repository) createKeyed(ctx context.Context, rec order.Record, intents []intent, k KeyRecord, cond kv.Condition) error {
	item, err := k.item()
	if err != nil {
		return fmt.Errorf("create order %s: key record: %w", rec.OrderID, err)
	}
	w := kv.PutWrite(item, cond)
	if r.tx != nil {
		_, err = r.createTx(ctx, rec, intents, w)
	} else {
		_, err = r.createPortable(ctx, rec, intents, w)
	}
	return err
}

// heldBy decides a create whose key record was there already. It returns
// the stored record and either the condition to write over it with (it is
// this order's, abandoned; or it is gone) or the outcome: this order's
// answer (the order stored, its copies finished), ErrKeyBusy, ErrKeyTaken.
func (r *Repository) heldBy(ctx context.Context, rec order.Record, k KeyRecord) (KeyRecord, *kv.Condition, error) {
	stored, err := r.LookupKey(ctx, k.UserID, k.Key)
	switch {
	case errors.Is(err, ErrNotFound):
		return r.unkeyed(ctx, rec)
	case err != nil:
		return KeyRecord{}, nil, fmt.Errorf("create order %s: %w", rec.OrderID, err)
	case stored.OrderID != rec.OrderID:
		return stored, nil, fmt.Errorf("create order %s: %w", rec.OrderID, &KeyTakenError{Record: stored})
	case stored.State == KeyWriting:
		return stored, nil, fmt.Errorf("create order %s: %w", rec.OrderID, ErrKeyBusy)
	case stored.State == KeyAbandoned:
		next := kv.IfVersion(stored.version)
		return stored, &next, nil
	}
	_, err = r.finishExisting(ctx, rec)
	return stored, nil, err
}

// unkeyed decides a create whose key record is absent although a condition
// failed: either the master is there (an order stored without its key) or
// the record expired meanwhile, and the create is tried again.
func (r *Repository) unkeyed(ctx context.Context, rec order.Record) (KeyRecord, *kv.Condition, error) {
	_, err := r.loadMaster(ctx, rec.OrderID)
	switch {
	case errors.Is(err, ErrNotFound):
		next := kv.IfAbsent()
		return KeyRecord{}, &next, nil
	case err != nil:
		return KeyRecord{}, nil, fmt.Errorf("create order %s: %w", rec.OrderID, err)
	}
	return KeyRecord{}, nil, fmt.Errorf("create order %s: stored without its key record: %w", rec.OrderID, ErrExists)
}
