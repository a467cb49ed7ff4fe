package boltkv

import (
	"context"
	"fmt"

	"go.etcd.io/bbolt"

	"github.com/ordercenter/ordercenter/shared/kv"
)

var _ kv.Transactor = (*Store)(nil)

// Transactional reports true: every Store can run transactions.
func (s *Store) Transactional() bool { return true }

// Transact applies the writes all or none in one write transaction, through
// the same group commit as Put, so concurrent transactions share fsyncs. It
// returns a *kv.ConditionError (wrapping kv.ErrConditionFailed) naming the
// first write whose condition does not hold, and kv.ErrInvalidKey or
// kv.ErrTooLarge for writes the store refuses, writing nothing in each case.
func (s *Store) Transact(ctx context.Context, writes []kv.Write) error {
	span := s.start(ctx, opTransact)
	err := s.transact(ctx, writes)
	end(span, err)
	if err != nil {
		return fmt.Errorf("boltkv transaction of %d writes: %w", len(writes), err)
	}
	return nil
}

func (s *Store) transact(ctx context.Context, writes []kv.Write) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := kv.ValidateTransaction(writes); err != nil {
		return err
	}
	if len(writes) == 0 {
		return nil
	}
	vals := make([][]byte, len(writes))
	for i, w := range writes {
		if !w.Delete {
			vals[i] = encodeValue(w.Item)
		}
	}
	var failed *kv.ConditionError
	err := s.update(func(tx *bbolt.Tx) error {
		failed = nil // bbolt may run this function again
		t, err := newTxn(tx)
		if err != nil {
			return err
		}
		if failed, err = s.checkAll(t, writes); err != nil || failed != nil {
			return err // a failed condition must not fail the whole batch
		}
		return applyAll(t, writes, vals)
	})
	if err == nil && failed != nil {
		return failed
	}
	return err
}

// checkAll evaluates every write's condition against the stored items and
// returns the first that does not hold.
func (s *Store) checkAll(t txn, writes []kv.Write) (*kv.ConditionError, error) {
	now := s.now()
	for i, w := range writes {
		k := w.Target()
		old, found, err := t.load(k.PK, k.SK, itemKey(k.PK, k.SK))
		if err != nil {
			return nil, err
		}
		if !w.Cond.Holds(old, found, now) {
			return &kv.ConditionError{Index: i, Key: k}, nil
		}
	}
	return nil, nil
}

// applyAll carries out the writes, whose conditions hold; vals holds the
// encoded items of the puts and nil for the deletes.
func applyAll(t txn, writes []kv.Write, vals [][]byte) error {
	for i, w := range writes {
		it := w.Item
		if w.Delete {
			it = kv.Item{PK: w.Key.PK, SK: w.Key.SK}
		}
		if err := t.replace(it, vals[i]); err != nil {
			return err
		}
	}
	return nil
}
