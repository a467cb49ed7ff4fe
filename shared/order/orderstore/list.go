package orderstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/order"
)

// Page is one page of a list of orders, newest first. Cursor is empty when
// nothing follows.
type Page struct {
	Orders []order.Record
	Cursor string
}

// ListByUser returns a user's orders, newest first.
func (r *Repository) ListByUser(ctx context.Context, userID string, limit int, cursor string) (Page, error) {
	q := userQuery(userID, limit, cursor)
	page, err := r.queryCopies(ctx, q)
	if err != nil {
		return Page{}, err
	}
	return decodePage(q.PK, page)
}

// ListByStore returns a store's orders of one local day (YYYY-MM-DD), newest
// first; a status other than the zero Status keeps only orders in it. A
// sharded day is read in every shard and merged (list_shards.go); its
// cursors are those of an unsharded day.
func (r *Repository) ListByStore(ctx context.Context, storeID, day string, status order.Status, limit int, cursor string) (Page, error) {
	q := storeQuery(storeID, day, status, limit, cursor)
	page, err := r.queryStoreDay(ctx, storeID, day, q)
	if err != nil {
		return Page{}, err
	}
	return decodePage(q.PK, page)
}

// userQuery lists the copies of a user's orders.
func userQuery(userID string, limit int, cursor string) kv.Query {
	return kv.Query{PK: userPK(userID), Backward: true, Limit: limit, Cursor: cursor}
}

// storeQuery lists the copies of a store's orders of one day, of one
// status unless it is the zero Status.
func storeQuery(storeID, day string, status order.Status, limit int, cursor string) kv.Query {
	q := kv.Query{PK: storeDayPK(storeID, day), Backward: true, Limit: limit, Cursor: cursor}
	if !status.IsZero() {
		q.BySK2, q.SKPrefix = true, storeStatusPrefix(status)
	}
	return q
}

// queryCopies runs a query of one partition of order copies: the one
// path every list takes.
func (r *Repository) queryCopies(ctx context.Context, q kv.Query) (kv.Page, error) {
	page, err := r.store.Query(ctx, q)
	if err != nil {
		return kv.Page{}, listError(q.PK, err)
	}
	return page, nil
}

// listError names the list a failure is of; a cursor the store refuses is
// ErrInvalidCursor.
func listError(pk string, err error) error {
	if errors.Is(err, kv.ErrInvalidCursor) {
		return fmt.Errorf("list %s: %w", pk, ErrInvalidCursor)
	}
	return fmt.Errorf("list %s: %w", pk, err)
}

// decodePage decodes the records of a page of the list pk.
func decodePage(pk string, page kv.Page) (Page, error) {
	out := Page{Orders: make([]order.Record, len(page.Items)), Cursor: page.Cursor}
	for i, it := range page.Items {
		if err := json.Unmarshal(it.Data, &out.Orders[i]); err != nil {
			return Page{}, fmt.Errorf("list %s: decode %s: %w", pk, it.SK, err)
		}
	}
	return out, nil
}

// Timeline returns every committed change of an order, oldest first, as far
// as it has been derived (a change whose sync is pending appears once the
// healer has finished it).
func (r *Repository) Timeline(ctx context.Context, id string) ([]order.Change, error) {
	if _, err := r.loadMaster(ctx, id); err != nil {
		return nil, err
	}
	q := kv.Query{PK: orderPK(id), SKPrefix: changeSKPrefix, Limit: kv.MaxPageLimit}
	var changes []order.Change
	for {
		page, err := r.store.Query(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("timeline of order %s: %w", id, err)
		}
		for _, it := range page.Items {
			var c order.Change
			if err := json.Unmarshal(it.Data, &c); err != nil {
				return nil, fmt.Errorf("timeline of order %s: decode %s: %w", id, it.SK, err)
			}
			changes = append(changes, c)
		}
		if page.Cursor == "" {
			return changes, nil
		}
		q.Cursor = page.Cursor
	}
}
