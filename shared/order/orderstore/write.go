package orderstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/order"
)

// maxUpdateAttempts bounds how often Update re-reads and re-applies a change
// that lost a race, when the caller expects no particular version.
const maxUpdateAttempts = 3

// Create stores a new order (as made by order.New) in all its copies. Creating
// an order that is already stored (a retry after a crash or a lost answer)
// finishes whatever the first attempt left undone and returns the stored
// order; an id taken by another user's order is ErrExists.
func (r *Repository) Create(ctx context.Context, o *order.Order) (order.Record, error) {
	rec, intents, err := r.newOrder(o)
	if err != nil {
		return order.Record{}, err
	}
	if r.tx != nil {
		return r.createTx(ctx, rec, intents)
	}
	return r.createPortable(ctx, rec, intents)
}

// newOrder checks that o is new (as made by order.New) and returns its
// record and the intent of its creation.
func (r *Repository) newOrder(o *order.Order) (order.Record, []intent, error) {
	rec, changes := o.Record(), o.Changes()
	if len(changes) != 1 || changes[0].Version != 1 || !validOrderID(rec.OrderID) {
		return order.Record{}, nil, fmt.Errorf("create order %s: not a new order", rec.OrderID)
	}
	return rec, r.intentsFor(rec.OrderID, changes), nil
}

// createPortable stores a new order in single-item writes: intent, master,
// the derived items, then the intent's deletion. A key write (CreateOnce)
// goes first of all; its failed condition is errKeyHeld.
func (r *Repository) createPortable(ctx context.Context, rec order.Record, intents []intent, key ...kv.Write) (order.Record, error) {
	for _, w := range key {
		err := r.store.Put(ctx, w.Item, w.Cond)
		if errors.Is(err, kv.ErrConditionFailed) {
			return order.Record{}, fmt.Errorf("create order %s: %w: %w", rec.OrderID, errKeyHeld, err)
		}
		if err != nil {
			return order.Record{}, fmt.Errorf("create order %s: %w", rec.OrderID, err)
		}
	}
	if err := r.putIntents(ctx, intents); err != nil {
		return order.Record{}, fmt.Errorf("create order %s: %w", rec.OrderID, err)
	}
	err := r.putMaster(ctx, master{Order: rec}, intents, kv.IfAbsent())
	if errors.Is(err, kv.ErrConditionFailed) {
		r.dropIntents(ctx, intents)
		return r.finishExisting(ctx, rec)
	}
	if err != nil {
		return order.Record{}, fmt.Errorf("create order %s: %w", rec.OrderID, err)
	}
	r.committed(ctx, rec, intents)
	return rec, r.sync(ctx, rec, intents)
}

// finishExisting completes an order that an earlier attempt created.
func (r *Repository) finishExisting(ctx context.Context, rec order.Record) (order.Record, error) {
	stored, err := r.loadMaster(ctx, rec.OrderID)
	if err != nil {
		return order.Record{}, fmt.Errorf("create order %s: %w", rec.OrderID, err)
	}
	if stored.Order.UserID != rec.UserID || stored.Order.StoreID != rec.StoreID {
		return order.Record{}, fmt.Errorf("create order %s: %w", rec.OrderID, ErrExists)
	}
	if _, err := r.FinishOrder(ctx, rec.OrderID); err != nil {
		return stored.Order, fmt.Errorf("create order %s: %w: %w", rec.OrderID, ErrSyncPending, err)
	}
	return stored.Order, nil
}

// Update applies fn to the order and stores the changes it made. With an
// expectedVersion other than 0, an order at another version is ErrConflict;
// with 0, a change that loses a race is re-applied to the newer order a few
// times before giving up with ErrConflict. Errors of fn are returned as they
// are, and fn making no change writes nothing.
func (r *Repository) Update(ctx context.Context, id string, expectedVersion int64, fn func(*order.Order) error) (order.Record, error) {
	for attempt := 1; ; attempt++ {
		rec, err := r.update(ctx, id, expectedVersion, fn)
		if !errors.Is(err, ErrConflict) || expectedVersion != 0 || attempt == maxUpdateAttempts {
			return rec, err
		}
	}
}

func (r *Repository) update(ctx context.Context, id string, expectedVersion int64, fn func(*order.Order) error) (order.Record, error) {
	m, err := r.loadMaster(ctx, id)
	if err != nil {
		return order.Record{}, err
	}
	if expectedVersion != 0 && m.Order.Version != expectedVersion {
		return order.Record{}, fmt.Errorf("update order %s: at version %d, not %d: %w",
			id, m.Order.Version, expectedVersion, ErrConflict)
	}
	o, err := order.FromRecord(m.Order)
	if err != nil {
		return order.Record{}, err
	}
	if err := fn(o); err != nil {
		return order.Record{}, err
	}
	if len(o.Changes()) == 0 {
		return m.Order, nil
	}
	return r.commit(ctx, m, o)
}

// commit writes the changes of o over the master m was read as.
func (r *Repository) commit(ctx context.Context, m master, o *order.Order) (order.Record, error) {
	rec := o.Record()
	intents := r.intentsFor(rec.OrderID, o.Changes())
	if r.tx != nil {
		return r.commitTx(ctx, m, rec, intents)
	}
	return r.commitPortable(ctx, m, rec, intents)
}

// commitPortable writes a change in single-item writes: intent, master, the
// derived items, then the intent's deletion.
func (r *Repository) commitPortable(ctx context.Context, m master, rec order.Record, intents []intent) (order.Record, error) {
	if err := r.putIntents(ctx, intents); err != nil {
		return order.Record{}, fmt.Errorf("update order %s: %w", rec.OrderID, err)
	}
	err := r.putMaster(ctx, master{Order: rec, Writes: m.Writes}, intents, kv.IfVersion(m.Order.Version))
	if errors.Is(err, kv.ErrConditionFailed) {
		r.dropIntents(ctx, intents)
		return order.Record{}, fmt.Errorf("update order %s: %w", rec.OrderID, ErrConflict)
	}
	if err != nil {
		return order.Record{}, fmt.Errorf("update order %s: %w", rec.OrderID, err)
	}
	r.committed(ctx, rec, intents)
	return rec, r.sync(ctx, rec, intents)
}

func (r *Repository) putMaster(ctx context.Context, m master, intents []intent, cond kv.Condition) error {
	item, err := masterItem(m, intents)
	if err != nil {
		return err
	}
	return r.store.Put(ctx, item, cond)
}
