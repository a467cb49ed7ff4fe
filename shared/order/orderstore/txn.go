package orderstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/order"
)

// errPortable says a change cannot take the transactional path and nothing
// of it was written: it must take the portable one.
var errPortable = errors.New("change needs the portable path")

// createTx stores a new order in one transaction, then publishes its events
// and deletes its intent. An order already stored is finished as on the
// portable path. With a key write (CreateOnce) the key record is written in
// the same transaction, and a failed condition of either the master or the
// key record is errKeyHeld, for CreateOnce to sort out.
func (r *Repository) createTx(ctx context.Context, rec order.Record, intents []intent, key ...kv.Write) (order.Record, error) {
	err := r.transact(ctx, master{Order: rec}, intents, kv.IfAbsent(), key...)
	switch {
	case errors.Is(err, errPortable):
		return r.createPortable(ctx, rec, intents, key...)
	case errors.Is(err, kv.ErrConditionFailed) && len(key) > 0:
		return order.Record{}, fmt.Errorf("create order %s: %w: %w", rec.OrderID, errKeyHeld, err)
	case errors.Is(err, kv.ErrConditionFailed):
		return r.finishExisting(ctx, rec)
	case err != nil:
		return order.Record{}, fmt.Errorf("create order %s: %w", rec.OrderID, err)
	}
	r.committed(ctx, rec, intents)
	r.publishAndDrop(ctx, rec, intents)
	return rec, nil
}

// commitTx writes a change over the master m was read as in one
// transaction, then publishes its events and deletes its intents. A master
// that moved on is ErrConflict, as on the portable path.
func (r *Repository) commitTx(ctx context.Context, m master, rec order.Record, intents []intent) (order.Record, error) {
	err := r.transact(ctx, master{Order: rec, Writes: m.Writes}, intents, kv.IfVersion(m.Order.Version))
	switch {
	case errors.Is(err, errPortable):
		return r.commitPortable(ctx, m, rec, intents)
	case errors.Is(err, kv.ErrConditionFailed):
		return order.Record{}, fmt.Errorf("update order %s: %w", rec.OrderID, ErrConflict)
	case err != nil:
		return order.Record{}, fmt.Errorf("update order %s: %w", rec.OrderID, err)
	}
	r.committed(ctx, rec, intents)
	r.publishAndDrop(ctx, rec, intents)
	return rec, nil
}

// transact writes, all or none, the intents, the master m (with the new
// changes' write ids) on condition cond, everything derived from the
// changes and the extra writes (a key record). The intents stay behind, marking the events as unpublished, so
// the healer treats the change as it treats one of the portable path.
//
// It returns kv.ErrConditionFailed (wrapped) when the master's condition
// fails, or an extra write's. It returns errPortable when the change is too big for one
// transaction, or when another write's condition fails: only a copy's can
// (IfVersionBelow), which the master's condition rules out for a fresh
// change; the portable path then skips that copy, as it always does.
func (r *Repository) transact(ctx context.Context, m master, intents []intent, cond kv.Condition, extra ...kv.Write) error {
	item, err := masterItem(m, intents)
	if err != nil {
		return err
	}
	day, err := r.writeLayout(ctx, m.Order.StoreID, m.Order.StoreDay)
	if err != nil {
		return err
	}
	writes := make([]kv.Write, 0, len(intents)+1+5+len(intents)+len(extra))
	for _, in := range intents {
		writes = append(writes, kv.PutWrite(r.intentItem(in), kv.Always()))
	}
	writes = append(writes, kv.PutWrite(item, cond))
	writes = append(writes, r.derivedWrites(m.Order, intents, day)...)
	writes = append(writes, extra...)
	if len(writes) > kv.MaxTransactWrites {
		return errPortable
	}
	return r.settle(ctx, item.Key(), extra, r.tx.Transact(ctx, writes))
}

// settle sorts the outcome of a change's transaction, as transact says.
func (r *Repository) settle(ctx context.Context, masterKey kv.Key, extra []kv.Write, err error) error {
	var ce *kv.ConditionError
	switch {
	case errors.As(err, &ce) && (ce.Key == masterKey || targets(extra, ce.Key)):
		return err
	case errors.Is(err, kv.ErrConditionFailed), errors.Is(err, kv.ErrTooLarge):
		r.log.WarnContext(ctx, "order change not written in one transaction; taking the portable path",
			"order_id", masterKey.PK, "err", err)
		return errPortable
	}
	return err
}

// targets reports whether one of the writes is to key k.
func targets(writes []kv.Write, k kv.Key) bool {
	for _, w := range writes {
		if w.Target() == k {
			return true
		}
	}
	return false
}
