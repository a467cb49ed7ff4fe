package orderstore

import (
	"context"
	"encoding/json"

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
	page, err := r.queryCopies(ctx, userQuery(userID, limit, cursor))
	return jsonPage(page), err
}

// ListByStoreJSON is ListByStore with the records as stored.
func (r *Repository) ListByStoreJSON(ctx context.Context, storeID, day string, status order.Status, limit int, cursor string) (JSONPage, error) {
	page, err := r.queryStoreDay(ctx, storeID, day, storeQuery(storeID, day, status, limit, cursor))
	return jsonPage(page), err
}

// jsonPage is a page of copies with the records as stored.
func jsonPage(page kv.Page) JSONPage {
	out := JSONPage{Orders: make([]json.RawMessage, len(page.Items)), Cursor: page.Cursor}
	for i, it := range page.Items {
		out.Orders[i] = it.Data
	}
	return out
}
