package orderstore

import (
	"context"
	"errors"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// Ping reads an item that is never written, to show the store answers:
// nil, or the store's error (ErrUnavailable and the like).
func (r *Repository) Ping(ctx context.Context) error {
	_, err := r.store.Get(ctx, healthKey.PK, healthKey.SK)
	if errors.Is(err, kv.ErrNotFound) {
		return nil
	}
	return err
}
