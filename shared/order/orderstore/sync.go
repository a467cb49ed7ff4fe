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
// timeline entry per change, the hand-off checks, the events;
// then it deletes the intents. Every step is idempotent, so the healer can
// run it again after a crash anywhere in it.
func (r *Repository) sync(ctx context.Context, rec order.Record, intents []intent) error {
	if err := r.writeDerived(ctx, rec, intents); err != nil {
		return fmt.Errorf("sync order %s: %w: %w", rec.OrderID, ErrSyncPending, err)
	}
	r.publishAndDrop(ctx, rec, intents)
	return nil
}

// publishAndDrop publishes the events of the intents, whose changes are
// fully written, then deletes the intents. When publishing fails the
// intents stay, for the healer to publish again.
func (r *Repository) publishAndDrop(ctx context.Context, rec order.Record, intents []intent) {
	if r.publisher != nil {
		if err := r.publisher.Publish(ctx, eventsOf(intents)); err != nil {
			r.log.WarnContext(ctx, "order events not published; the healer will retry",
				"order_id", rec.OrderID, "version", rec.Version, "err", err)
			return
		}
	}
	r.dropIntents(ctx, intents)
}

// derivedWrites are the writes that follow from committed changes: the
// copies (only ever moving forward in version; the store-day copy in each
// layout the day's writers write), the timer of the order's status if it
// has one, the payment check of an order just placed, a timeline entry
// per change and the hand-off checks of the changes' events (handoff.go).
func (r *Repository) derivedWrites(rec order.Record, intents []intent, day DayLayout) []kv.Write {
	writes := []kv.Write{kv.PutWrite(copyItem(userPK(rec.UserID), rec, ""), kv.IfVersionBelow(rec.Version))}
	writes = append(writes, storeCopyWrites(rec, day)...)
	if t, ok := timerOf(rec); ok {
		writes = append(writes, kv.PutWrite(r.timerItem(t), kv.Always()))
	}
	if t, ok := paymentCheck(rec); ok {
		writes = append(writes, kv.PutWrite(r.timerItem(t), kv.Always()))
	}
	for _, in := range intents {
		writes = append(writes, kv.PutWrite(changeItem(in.OrderID, in.Change), kv.Always()))
	}
	return append(writes, r.checkWrites(intents)...)
}

// storeCopyWrites write the order's store-day copy in each layout the
// day's writers write.
func storeCopyWrites(rec order.Record, day DayLayout) []kv.Write {
	sk2 := storeStatusSK2(rec.Status, rec.OrderID)
	var writes []kv.Write
	for _, n := range day.writeCounts() {
		writes = append(writes, kv.PutWrite(copyItem(storeCopyPK(rec, n), rec, sk2), kv.IfVersionBelow(rec.Version)))
	}
	return writes
}

// writeDerived writes the derived items concurrently, one Put each. A copy
// whose stored version is as new or newer is left as it is.
func (r *Repository) writeDerived(ctx context.Context, rec order.Record, intents []intent) error {
	day, err := r.writeLayout(ctx, rec.StoreID, rec.StoreDay)
	if err != nil {
		return err
	}
	writes := r.derivedWrites(rec, intents, day)
	errs := make([]error, len(writes))
	var wg sync.WaitGroup
	for i, w := range writes {
		wg.Go(func() {
			err := r.store.Put(ctx, w.Item, w.Cond)
			if errors.Is(err, kv.ErrConditionFailed) && w.Cond.IsVersionBelow() {
				err = nil
			}
			errs[i] = err
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

func eventsOf(intents []intent) []order.Event {
	var events []order.Event
	for _, in := range intents {
		events = append(events, in.Change.Events...)
	}
	return events
}
