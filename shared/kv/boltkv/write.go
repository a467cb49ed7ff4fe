package boltkv

import (
	"context"
	"fmt"

	"go.etcd.io/bbolt"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// Put writes a whole item when cond holds, in one write transaction. It
// returns kv.ErrConditionFailed when cond does not hold, kv.ErrInvalidKey
// or kv.ErrTooLarge when the item is refused, all wrapped.
func (s *Store) Put(ctx context.Context, it kv.Item, cond kv.Condition) error {
	span := s.start(ctx, opPut)
	err := s.put(ctx, it, cond)
	end(span, err)
	if err != nil {
		return fmt.Errorf("boltkv put %q/%q: %w", it.PK, it.SK, err)
	}
	return nil
}

func (s *Store) put(ctx context.Context, it kv.Item, cond kv.Condition) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := kv.ValidateItem(it); err != nil {
		return err
	}
	key, val := itemKey(it.PK, it.SK), encodeValue(it)
	var failed bool
	err := s.update(func(tx *bbolt.Tx) error {
		failed = false // bbolt may run this function again
		t, err := newTxn(tx)
		if err != nil {
			return err
		}
		old, found, err := t.load(it.PK, it.SK, key)
		if err != nil {
			return err
		}
		if !cond.Holds(old, found, s.now()) {
			failed = true
			return nil // a failed condition must not fail the whole batch
		}
		return t.put(key, val, it, old, found)
	})
	if err == nil && failed {
		err = kv.ErrConditionFailed
	}
	return err
}

// Delete removes an item when cond holds; an absent item is no failure of
// Always. It returns kv.ErrConditionFailed or kv.ErrInvalidKey, wrapped.
func (s *Store) Delete(ctx context.Context, pk, sk string, cond kv.Condition) error {
	span := s.start(ctx, opDelete)
	err := s.delete(ctx, pk, sk, cond)
	end(span, err)
	if err != nil {
		return fmt.Errorf("boltkv delete %q/%q: %w", pk, sk, err)
	}
	return nil
}

func (s *Store) delete(ctx context.Context, pk, sk string, cond kv.Condition) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := kv.ValidateKey(kv.Key{PK: pk, SK: sk}); err != nil {
		return err
	}
	key := itemKey(pk, sk)
	var failed bool
	err := s.update(func(tx *bbolt.Tx) error {
		failed = false // bbolt may run this function again
		t, err := newTxn(tx)
		if err != nil {
			return err
		}
		old, found, err := t.load(pk, sk, key)
		switch {
		case err != nil:
			return err
		case !cond.Holds(old, found, s.now()):
			failed = true
			return nil // a failed condition must not fail the whole batch
		case !found:
			return nil
		}
		return t.remove(key, old)
	})
	if err == nil && failed {
		err = kv.ErrConditionFailed
	}
	return err
}

// WriteBatch applies unconditional puts and deletes. In this store the
// whole batch is one transaction, so it is atomic, which the contract
// allows but does not promise. It returns kv.ErrInvalidKey or
// kv.ErrTooLarge, wrapped, before writing anything.
func (s *Store) WriteBatch(ctx context.Context, puts []kv.Item, deletes []kv.Key) error {
	span := s.start(ctx, opWriteBatch)
	err := s.writeBatch(ctx, puts, deletes)
	end(span, err)
	if err != nil {
		return fmt.Errorf("boltkv write batch of %d puts, %d deletes: %w", len(puts), len(deletes), err)
	}
	return nil
}

func (s *Store) writeBatch(ctx context.Context, puts []kv.Item, deletes []kv.Key) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := kv.ValidateBatch(puts, deletes); err != nil {
		return err
	}
	if len(puts) == 0 && len(deletes) == 0 {
		return nil
	}
	vals := make([][]byte, len(puts))
	for i, it := range puts {
		vals[i] = encodeValue(it)
	}
	return s.update(func(tx *bbolt.Tx) error {
		t, err := newTxn(tx)
		if err != nil {
			return err
		}
		for i, it := range puts {
			if err := t.replace(it, vals[i]); err != nil {
				return err
			}
		}
		for _, k := range deletes {
			if err := t.replace(kv.Item{PK: k.PK, SK: k.SK}, nil); err != nil {
				return err
			}
		}
		return nil
	})
}
