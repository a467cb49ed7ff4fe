package orderstore

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/order"
)

// sync derives everything that follows from committed changes: the copies
// at the order's current version, the timer of its status if it has one, a
// timeline entry per change, the events;
// then it deletes the intents. Every step is idempotent, so the healer can
// run it again after a crash anywhere in it.
func (r *Repository) sync(ctx context.Context, rec order.Record, intents []intent) error {
	if err := r.writeDerived(ctx, rec, intents); err != nil {
		return fmt.Errorf("sync order %s: %w: %w", rec.OrderID, ErrSyncPending, err)
	}
	if r.publisher != nil {
		if err := r.publisher.Publish(ctx, eventsOf(intents)); err != nil {
			r.log.WarnContext(ctx, "order events not published; the healer will retry",
				"order_id", rec.OrderID, "version", rec.Version, "err", err)
			return nil
		}
	}
	r.dropIntents(ctx, intents)
	return nil
}

// writeDerived writes the copies and timeline entries concurrently.
func (r *Repository) writeDerived(ctx context.Context, rec order.Record, intents []intent) error {
	writes := []func() error{
		func() error { return r.putCopy(ctx, copyItem(userPK(rec.UserID), rec, "")) },
		func() error {
			sk2 := storeStatusSK2(rec.Status, rec.OrderID)
			return r.putCopy(ctx, copyItem(storeDayPK(rec.StoreID, rec.StoreDay), rec, sk2))
		},
	}
	if t, ok := timerOf(rec); ok {
		writes = append(writes, func() error { return r.store.Put(ctx, r.timerItem(t), kv.Always()) })
	}
	for _, in := range intents {
		writes = append(writes, func() error {
			return r.store.Put(ctx, changeItem(in.OrderID, in.Change), kv.Always())
		})
	}
	errs := make([]error, len(writes))
	var wg sync.WaitGroup
	for i, write := range writes {
		wg.Go(func() { errs[i] = write() })
	}
	wg.Wait()
	return errors.Join(errs...)
}

// putCopy writes a copy unless the stored one is as new or newer.
func (r *Repository) putCopy(ctx context.Context, it kv.Item) error {
	err := r.store.Put(ctx, it, kv.IfVersionBelow(it.Version))
	if errors.Is(err, kv.ErrConditionFailed) {
		return nil
	}
	return err
}

func eventsOf(intents []intent) []order.Event {
	var events []order.Event
	for _, in := range intents {
		events = append(events, in.Change.Events...)
	}
	return events
}
