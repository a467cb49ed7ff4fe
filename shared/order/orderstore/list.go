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
	return r.listCopies(ctx, userQuery(userID, limit, cursor))
}

// ListByStore returns a store's orders of one local day (YYYY-MM-DD), newest
// first; a status other than the zero Status keeps only orders in it.
func (r *Repository) ListByStore(ctx context.Context, storeID, day string, status order.Status, limit int, cursor string) (Page, error) {
	return r.listCopies(ctx, storeQuery(storeID, day, status, limit, cursor))
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

// queryCopies runs a query of order copies: the one path both lists take.
func (r *Repository) queryCopies(ctx context.Context, q kv.Query) (kv.Page, error) {
	page, err := r.store.Query(ctx, q)
	if errors.Is(err, kv.ErrInvalidCursor) {
		return kv.Page{}, fmt.Errorf("list %s: %w", q.PK, ErrInvalidCursor)
	}
	if err != nil {
		return kv.Page{}, fmt.Errorf("list %s: %w", q.PK, err)
	}
	return page, nil
}

// listCopies is queryCopies with the records decoded.
func (r *Repository) listCopies(ctx context.Context, q kv.Query) (Page, error) {
	page, err := r.queryCopies(ctx, q)
	if err != nil {
		return Page{}, err
	}
	out := Page{Orders: make([]order.Record, len(page.Items)), Cursor: page.Cursor}
	for i, it := range page.Items {
		if err := json.Unmarshal(it.Data, &out.Orders[i]); err != nil {
			return Page{}, fmt.Errorf("list %s: decode %s: %w", q.PK, it.SK, err)
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
