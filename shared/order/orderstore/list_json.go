package orderstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/order"
)

// JSONPage is one page of a list of orders, newest first, each order as
// stored: the JSON encoding of its order.Record. It is for readers that
// serve the records on without changing most of them (the order-query
// function), and so need not decode and encode them again. Cursor is
// empty when nothing follows.
type JSONPage struct {
	Orders []json.RawMessage
	Cursor string
}

// ListByUserJSON is ListByUser with the records as stored.
func (r *Repository) ListByUserJSON(ctx context.Context, userID string, limit int, cursor string) (JSONPage, error) {
	q := kv.Query{PK: userPK(userID), Backward: true, Limit: limit, Cursor: cursor}
	return r.listJSON(ctx, q)
}

// ListByStoreJSON is ListByStore with the records as stored.
func (r *Repository) ListByStoreJSON(ctx context.Context, storeID, day string, status order.Status, limit int, cursor string) (JSONPage, error) {
	q := kv.Query{PK: storeDayPK(storeID, day), Backward: true, Limit: limit, Cursor: cursor}
	if !status.IsZero() {
		q.BySK2, q.SKPrefix = true, status.String()+"#"
	}
	return r.listJSON(ctx, q)
}

func (r *Repository) listJSON(ctx context.Context, q kv.Query) (JSONPage, error) {
	page, err := r.store.Query(ctx, q)
	if errors.Is(err, kv.ErrInvalidCursor) {
		return JSONPage{}, fmt.Errorf("list %s: %w", q.PK, ErrInvalidCursor)
	}
	if err != nil {
		return JSONPage{}, fmt.Errorf("list %s: %w", q.PK, err)
	}
	out := JSONPage{Orders: make([]json.RawMessage, len(page.Items)), Cursor: page.Cursor}
	for i, it := range page.Items {
		out.Orders[i] = it.Data
	}
	return out, nil
}
