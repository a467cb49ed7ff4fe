package orderstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/order"
)

// GetWithTimeline returns the order with the id and every committed change
// of it, oldest first, with one query of the order's partition (the master
// record and the timeline entries share it). It is Get and Timeline in one
// read, for a caller that must see the order before it may see its
// timeline. An unknown id is ErrNotFound.
func (r *Repository) GetWithTimeline(ctx context.Context, id string) (*order.Order, []order.Change, error) {
	if !validOrderID(id) {
		return nil, nil, fmt.Errorf("get order %q: %w", id, ErrNotFound)
	}
	q := kv.Query{PK: orderPK(id), Limit: kv.MaxPageLimit}
	var (
		m       *master
		changes []order.Change
	)
	for {
		page, err := r.store.Query(ctx, q)
		if err != nil {
			return nil, nil, fmt.Errorf("get order %s with timeline: %w", id, err)
		}
		for _, it := range page.Items {
			if m, changes, err = addPartItem(it, m, changes); err != nil {
				return nil, nil, fmt.Errorf("get order %s with timeline: %w", id, err)
			}
		}
		if page.Cursor == "" {
			break
		}
		q.Cursor = page.Cursor
	}
	if m == nil {
		return nil, nil, fmt.Errorf("get order %s: %w", id, ErrNotFound)
	}
	o, err := order.FromRecord(m.Order)
	return o, changes, err
}

// addPartItem sorts one item of an order's partition: the master, a
// timeline entry, or something else (skipped).
func addPartItem(it kv.Item, m *master, changes []order.Change) (*master, []order.Change, error) {
	switch {
	case it.SK == masterSK:
		got, err := decodeMaster(it)
		return &got, changes, err
	case strings.HasPrefix(it.SK, changeSKPrefix):
		var c order.Change
		if err := json.Unmarshal(it.Data, &c); err != nil {
			return m, changes, fmt.Errorf("decode %s: %w", it.SK, err)
		}
		return m, append(changes, c), nil
	}
	return m, changes, nil
}
