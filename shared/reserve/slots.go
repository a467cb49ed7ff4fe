package reserve

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
)

// Store is where every unit is finally taken: one slot item per unit of
// a bounded resource, put only if absent (the order repository). Redis
// hands out the slot numbers to try; the store refuses a slot that is
// taken, so Redis forgetting can cost a retry, never a unit sold twice.
type Store interface {
	TakeSlots(ctx context.Context, res orderstore.SlotResource, capacity, n int, hints []int, c orderstore.SlotClaim) (orderstore.SlotTake, error)
	ReleaseSlots(ctx context.Context, res orderstore.SlotResource, owner string, slots []int) error
	SlotOwners(ctx context.Context, res orderstore.SlotResource) (map[int]string, error)
	Get(ctx context.Context, id string) (*order.Order, error)
}

// verifyEvery bounds how often a refusal of one resource is checked
// against the store.
const verifyEvery = time.Second

// holdStore takes in the store the units Redis handed out (slots: the
// script's slot list per held line). On any failure it gives back
// everything the order took, in Redis and in the store.
func (r *Reserver) holdStore(ctx context.Context, req Request, held []Line, slots []string) error {
	c := orderstore.SlotClaim{Owner: req.OrderID, Deadline: r.cfg.Now().Add(r.cfg.Grace),
		Expires: r.cfg.Now().Add(r.cfg.Keep), Resumed: req.Resumed}
	errs := make([]error, len(held))
	var wg sync.WaitGroup
	for i, l := range held {
		wg.Go(func() { errs[i] = r.takeStock(ctx, req, l, parseSlots(slots[i]), c) })
	}
	wg.Wait()
	err := refusalFirst(errs)
	if err == nil {
		return nil
	}
	if _, uerr := r.release(ctx, req.OrderID, true, ""); uerr != nil {
		return errors.Join(err, uerr)
	}
	for _, l := range held { // units whose put had no answer are found by reading
		if uerr := r.cfg.Store.ReleaseSlots(ctx, stockOf(req, l.SKU), req.OrderID, nil); uerr != nil {
			return errors.Join(err, uerr)
		}
	}
	return err
}

// takeStock takes one line's units. When the store had to be read (a
// hint was taken: Redis had forgotten), Redis learns what the store holds.
func (r *Reserver) takeStock(ctx context.Context, req Request, l Line, hints []int, c orderstore.SlotClaim) error {
	take, err := r.cfg.Store.TakeSlots(ctx, stockOf(req, l.SKU), l.Limit, l.Qty, hints, c)
	if take.Read {
		key := r.k.stock(req.StoreID, req.Day, l.SKU)
		_ = r.tellSlots(ctx, req.OrderID, key, take.Slots, "add", append(take.Others, take.Slots...))
	}
	switch {
	case errors.Is(err, orderstore.ErrSlotsFull):
		return wrap("hold", req.OrderID, &StockError{SKU: l.SKU})
	case err != nil:
		return wrap("hold", req.OrderID, err)
	}
	return nil
}

// tellSlots records the owner's slots in its hold and the store's held
// slots in the bitmap ("add" to it, or "exact": only them). Redis is a
// hint: a failure costs a later retry, so callers may ignore it.
func (r *Reserver) tellSlots(ctx context.Context, orderID, key string, mine []int, mode string, held []int) error {
	args := []any{"s:" + key, joinSlots(mine), ms(r.cfg.Keep), mode}
	for _, i := range held {
		args = append(args, i)
	}
	return slotsScript.Run(ctx, r.rdb, []string{r.k.hold(orderID), key}, args...).Err()
}

// stale tells whether a refusal of Redis is wrong by the store (Redis
// counts units the store does not hold: a failover to an older state,
// a release whose Redis part failed) and, if so, sets Redis right. Once
// the store has confirmed a refusal, the resource's refusals are trusted
// for verifyEvery.
func (r *Reserver) stale(ctx context.Context, req Request, held []Line, refusal error) bool {
	var se *StockError
	if !errors.As(refusal, &se) {
		return false
	}
	for _, l := range held {
		if l.SKU != se.SKU {
			continue
		}
		key := r.k.stock(req.StoreID, req.Day, l.SKU)
		if n, err := r.rdb.Exists(ctx, r.k.verified(key)).Result(); err != nil || n > 0 {
			return false // the store said full a moment ago
		}
		owners, err := r.cfg.Store.SlotOwners(ctx, stockOf(req, l.SKU))
		if err != nil {
			return false
		}
		if len(owners)+l.Qty > l.Limit {
			_ = r.rdb.Set(ctx, r.k.verified(key), 1, verifyEvery).Err()
			return false
		}
		slots := make([]int, 0, len(owners))
		for i := range owners {
			slots = append(slots, i)
		}
		return r.tellSlots(ctx, req.OrderID, key, nil, "exact", slots) == nil
	}
	return false
}

// releaseStore frees in the store what the order held: the slots its
// hold record lists (fields, from the release script), or, when Redis
// no longer has the record, every slot of the order's lines.
func (r *Reserver) releaseStore(ctx context.Context, orderID string, fields map[string]string) error {
	if fields == nil {
		return r.releaseWritten(ctx, orderID)
	}
	base := "s:" + r.k.stock(fields["store"], fields["day"], "")
	for f, v := range fields {
		if sku, ok := strings.CutPrefix(f, base); ok {
			res := orderstore.StockSlots(fields["store"], fields["day"], sku)
			if err := r.cfg.Store.ReleaseSlots(ctx, res, orderID, parseSlots(v)); err != nil {
				return err
			}
		}
	}
	return nil
}

// releaseWritten frees the slots of a written order's lines. An order
// that was never written (an orphan of a crash while Redis lost its
// hold) leaves its slots to expire, or to the next taker who finds the
// resource full past the orphan's deadline.
func (r *Reserver) releaseWritten(ctx context.Context, orderID string) error {
	o, err := r.cfg.Store.Get(ctx, orderID)
	if errors.Is(err, orderstore.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	rec := o.Record()
	for _, l := range rec.Items {
		res := orderstore.StockSlots(rec.StoreID, rec.StoreDay, l.SKU)
		if err := r.cfg.Store.ReleaseSlots(ctx, res, orderID, nil); err != nil {
			return err
		}
	}
	return nil
}

func stockOf(req Request, sku string) orderstore.SlotResource {
	return orderstore.StockSlots(req.StoreID, req.Day, sku)
}

// refusalFirst picks a refusal among the errors, else the first error.
func refusalFirst(errs []error) error {
	var first error
	for _, err := range errs {
		if errors.Is(err, ErrOutOfStock) || errors.Is(err, ErrCouponHeld) ||
			errors.Is(err, ErrTooManyUnpaid) || errors.Is(err, ErrNotFirstOrder) {
			return err
		}
		if first == nil {
			first = err
		}
	}
	return first
}

// parseSlots reads "3,7"; never nil (nil asks a release to read the store).
func parseSlots(s string) []int {
	out := []int{}
	for f := range strings.SplitSeq(s, ",") {
		if i, err := strconv.Atoi(f); err == nil {
			out = append(out, i)
		}
	}
	return out
}

func joinSlots(slots []int) string {
	parts := make([]string, len(slots))
	for i, s := range slots {
		parts[i] = strconv.Itoa(s)
	}
	return strings.Join(parts, ",")
}

// Stock tells how many units of the sku are held for the store-day: by
// the store's slots when the Reserver has a Store, else by Redis.
func (r *Reserver) Stock(ctx context.Context, storeID, day, sku string) (int, error) {
	if r.cfg.Store == nil {
		n, err := r.rdb.BitCount(ctx, r.k.stock(storeID, day, sku), nil).Result()
		return int(n), err
	}
	owners, err := r.cfg.Store.SlotOwners(ctx, orderstore.StockSlots(storeID, day, sku))
	return len(owners), err
}
