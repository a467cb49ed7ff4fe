package boltkv

import (
	"context"
	"fmt"

	"go.etcd.io/bbolt"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// Get reads one item in a read-only transaction. It returns kv.ErrNotFound
// when the item is absent or expired and kv.ErrInvalidKey when the key is
// refused, wrapped.
func (s *Store) Get(ctx context.Context, pk, sk string) (kv.Item, error) {
	span := s.start(ctx, opGet)
	it, err := s.get(ctx, pk, sk)
	end(span, err)
	if err != nil {
		return kv.Item{}, fmt.Errorf("boltkv get %q/%q: %w", pk, sk, err)
	}
	return it, nil
}

func (s *Store) get(ctx context.Context, pk, sk string) (kv.Item, error) {
	if err := ctx.Err(); err != nil {
		return kv.Item{}, err
	}
	if err := kv.ValidateKey(kv.Key{PK: pk, SK: sk}); err != nil {
		return kv.Item{}, err
	}
	var (
		it    kv.Item
		found bool
	)
	err := s.db.View(func(tx *bbolt.Tx) error {
		t, err := newTxn(tx)
		if err != nil {
			return err
		}
		it, found, err = t.load(pk, sk, itemKey(pk, sk))
		return err
	})
	switch {
	case err != nil:
		return kv.Item{}, err
	case !found || kv.Expired(it, s.now()):
		return kv.Item{}, kv.ErrNotFound
	}
	return it, nil
}
