package orderstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/order"
)

// Inspection is everything the store keeps of one order's own records,
// for support and operators (the read model of package orderview builds on
// it): the master, its timeline, the copies, the changes still being
// derived and its business timer.
type Inspection struct {
	// Master is the master record: the truth.
	Master order.Record
	// Timeline holds the committed changes, oldest first.
	Timeline []order.Change
	// UserCopy and StoreDayCopy are the copies the lists read (the
	// store-day copy in the layout the day's list reads); nil when
	// missing.
	UserCopy, StoreDayCopy *order.Record
	// Pending are the sync intents of the order still in the store.
	Pending []PendingChange
	// Timer is the business timer the order waits on in its status, if
	// any; TimerStored tells whether its item is in the store (the
	// sweeper finds only stored timers).
	Timer       *Timer
	TimerStored bool
}

// PendingChange is a change of the order announced by a sync intent that
// is not settled yet: the writer is running, crashed, or its change is
// committed and its copies, timeline entry or events not all written.
type PendingChange struct {
	Version int64     `json:"version"`
	WriteID string    `json:"write_id"`
	At      time.Time `json:"at"`
	Type    string    `json:"type"`
	// Committed: the master names this write for its version (Heal or
	// FinishOrder finishes it); otherwise the change never committed and
	// is dropped once old enough.
	Committed bool `json:"committed"`
}

// Inspect reads what the store keeps of the order: the master and its
// timeline (one query of its partition), both copies, its sync intents
// and its timer. An unknown id is ErrNotFound. It changes nothing.
func (r *Repository) Inspect(ctx context.Context, id string) (Inspection, error) {
	m, timeline, err := r.masterWithTimeline(ctx, id)
	if err != nil {
		return Inspection{}, err
	}
	in := Inspection{Master: m.Order, Timeline: timeline}
	if in.UserCopy, err = r.readCopy(ctx, userPK(m.Order.UserID), id); err != nil {
		return in, err
	}
	day, err := r.listLayout(ctx, m.Order.StoreID, m.Order.StoreDay)
	if err != nil {
		return in, fmt.Errorf("inspect order %s: %w", id, err)
	}
	if in.StoreDayCopy, err = r.readCopy(ctx, storeCopyPK(m.Order, day.Shards), id); err != nil {
		return in, err
	}
	if in.Pending, err = r.pendingOf(ctx, m); err != nil {
		return in, err
	}
	if t, ok := timerOf(m.Order); ok {
		in.Timer = &t
		k := r.timerItem(t).Key()
		_, err := r.store.Get(ctx, k.PK, k.SK)
		if err != nil && !errors.Is(err, kv.ErrNotFound) {
			return in, fmt.Errorf("inspect order %s: timer: %w", id, err)
		}
		in.TimerStored = err == nil
	}
	return in, nil
}

// masterWithTimeline reads the order's partition: the master record with
// its recent writes, and the timeline.
func (r *Repository) masterWithTimeline(ctx context.Context, id string) (master, []order.Change, error) {
	if !validOrderID(id) {
		return master{}, nil, fmt.Errorf("inspect order %q: %w", id, ErrNotFound)
	}
	q := kv.Query{PK: orderPK(id), Limit: kv.MaxPageLimit}
	var m *master
	var changes []order.Change
	for {
		page, err := r.store.Query(ctx, q)
		if err != nil {
			return master{}, nil, fmt.Errorf("inspect order %s: %w", id, err)
		}
		for _, it := range page.Items {
			if m, changes, err = addPartItem(it, m, changes); err != nil {
				return master{}, nil, fmt.Errorf("inspect order %s: %w", id, err)
			}
		}
		if page.Cursor == "" {
			break
		}
		q.Cursor = page.Cursor
	}
	if m == nil {
		return master{}, nil, fmt.Errorf("inspect order %s: %w", id, ErrNotFound)
	}
	return *m, changes, nil
}

// readCopy reads one copy of the order; nil when it is missing.
func (r *Repository) readCopy(ctx context.Context, pk, id string) (*order.Record, error) {
	it, err := r.store.Get(ctx, pk, id)
	if errors.Is(err, kv.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("inspect order %s: copy %s: %w", id, pk, err)
	}
	var rec order.Record
	if err := json.Unmarshal(it.Data, &rec); err != nil {
		return nil, fmt.Errorf("inspect order %s: decode copy %s: %w", id, pk, err)
	}
	return &rec, nil
}

// pendingOf lists the order's sync intents, each judged against the master.
func (r *Repository) pendingOf(ctx context.Context, m master) ([]PendingChange, error) {
	id := m.Order.OrderID
	q := kv.Query{PK: syncPK(orderShard(id, r.shards)), SKPrefix: intentOrderPrefix(id), Limit: kv.MaxPageLimit}
	var out []PendingChange
	for {
		page, err := r.store.Query(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("inspect order %s: intents: %w", id, err)
		}
		for _, it := range page.Items {
			in, err := decodeIntent(it)
			if err != nil {
				return nil, err
			}
			w, known := m.writeID(in.Version)
			out = append(out, PendingChange{Version: in.Version, WriteID: in.WriteID, At: in.At,
				Type: in.Change.Type, Committed: known && w == in.WriteID})
		}
		if page.Cursor == "" {
			return out, nil
		}
		q.Cursor = page.Cursor
	}
}
