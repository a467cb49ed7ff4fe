package reserve

import (
	"context"
	"errors"
	"fmt"
	"slices"
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

// unit is one resource an order takes slots of.
type unit struct {
	res         orderstore.SlotResource
	capacity, n int
	hints       []int
	expires     time.Time
	// refusal is the error when the store has no room; with soft, a
	// store that cannot answer is refused the same way (the first-order
	// waiver: an order without it beats no order).
	refusal error
	soft    bool
	// tell lets Redis know what the store holds, after it was read.
	tell func(ctx context.Context, take orderstore.SlotTake)
}

// holdStore takes in the store the slots Redis handed out (got: the
// slots per held line and the unpaid slot to try). On any failure it
// gives back everything the order took, in Redis and in the store.
func (r *Reserver) holdStore(ctx context.Context, req Request, held []Line, got taken) error {
	units := append(r.units(req, held, got.slots), r.userUnits(req, got.unpaid)...)
	now := r.cfg.Now()
	errs := make([]error, len(units))
	var wg sync.WaitGroup
	for i, u := range units {
		c := orderstore.SlotClaim{Owner: req.OrderID, Deadline: now.Add(r.cfg.Grace), Expires: u.expires, Resumed: req.Resumed}
		wg.Go(func() { errs[i] = r.take(ctx, u, c) })
	}
	wg.Wait()
	err := refusalFirst(errs)
	if err == nil {
		return nil
	}
	if _, uerr := r.release(ctx, req.OrderID, true, ""); uerr != nil {
		return errors.Join(err, uerr)
	}
	for _, u := range units { // slots whose put had no answer are found by reading
		if uerr := r.cfg.Store.ReleaseSlots(ctx, u.res, req.OrderID, nil); uerr != nil {
			return errors.Join(err, uerr)
		}
	}
	return err
}

// units lists what the order takes: a unit per held line, its coupon
// (the user's places are userUnits).
func (r *Reserver) units(req Request, held []Line, slots []string) []unit {
	now := r.cfg.Now()
	var units []unit
	for i, l := range held {
		key := r.k.stock(req.StoreID, req.Day, l.SKU)
		units = append(units, unit{res: stockOf(req, l.SKU), capacity: l.Limit, n: l.Qty,
			hints: parseSlots(slots[i]), expires: now.Add(r.cfg.Keep), refusal: &StockError{SKU: l.SKU},
			tell: func(ctx context.Context, take orderstore.SlotTake) {
				all := slices.Clone(take.Slots)
				for i := range take.Others {
					all = append(all, i)
				}
				_ = r.tellSlots(ctx, req, key, take.Slots, "add", all)
			}})
	}
	if req.CouponID != "" {
		key := r.k.coupon(req.UserID, req.CouponID)
		units = append(units, unit{res: orderstore.CouponSlots(req.UserID, req.CouponID), capacity: 1, n: 1,
			hints: []int{0}, expires: req.CouponExpires, refusal: ErrCouponHeld,
			tell: func(ctx context.Context, take orderstore.SlotTake) {
				if owner, ok := take.Others[0]; ok { // Redis forgot who holds it
					_ = r.rdb.SetNX(ctx, key, "h:"+owner, r.until(req.CouponExpires)).Err()
				}
			}})
	}
	return units
}

// take takes one unit's slots; when the store had to be read (a hint
// was taken: Redis had forgotten), Redis learns what the store holds.
func (r *Reserver) take(ctx context.Context, u unit, c orderstore.SlotClaim) error {
	take, err := r.cfg.Store.TakeSlots(ctx, u.res, u.capacity, u.n, u.hints, c)
	if take.Read && u.tell != nil {
		r.rebuilt(ctx, RebuiltSlots)
		u.tell(ctx, take)
	}
	switch {
	case errors.Is(err, orderstore.ErrSlotsFull):
		return wrap("hold", c.Owner, u.refusal)
	case err != nil && u.soft:
		return wrap("hold", c.Owner, fmt.Errorf("%w: %w", u.refusal, err))
	case err != nil:
		return wrap("hold", c.Owner, err)
	}
	return nil
}

// tellSlots records the order's slots in its stock part and the
// store's held slots in the bitmap of key ("add" to it, or "exact":
// only them). Redis is a hint: a failure costs a later retry, so callers
// may ignore it.
func (r *Reserver) tellSlots(ctx context.Context, req Request, key string, mine []int, mode string, held []int) error {
	args := []any{"s:" + key, joinSlots(mine), ms(r.cfg.Keep), mode}
	for _, i := range held {
		args = append(args, i)
	}
	part := r.k.dayPart(req.StoreID, req.Day, req.OrderID)
	return slotsScript.Run(ctx, r.rdb, []string{part, key}, args...).Err()
}

// stale tells whether a refusal of Redis is wrong by the store (Redis
// counts units the store does not hold: a failover to an older state,
// a release whose Redis part failed) and, if so, sets Redis right. Once
// the store has confirmed a refusal, the resource's refusals are trusted
// for verifyEvery.
func (r *Reserver) stale(ctx context.Context, req Request, held []Line, refusal error) bool {
	switch {
	case errors.Is(refusal, ErrCouponHeld):
		return r.staleCoupon(ctx, req)
	case errors.Is(refusal, ErrTooManyUnpaid):
		return r.staleUnpaid(ctx, req)
	}
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
		return r.tellSlots(ctx, req, key, nil, "exact", slots) == nil
	}
	return false
}

// staleCoupon tells whether Redis has the coupon held by an order that
// does not hold it: the store has the coupon free (or this order's) and
// the order Redis names is not written, or cancelled unpaid. If so it
// frees the coupon in Redis. (An order Redis names that is written and
// holds the coupon keeps it, slot or not: orders placed before slots.)
func (r *Reserver) staleCoupon(ctx context.Context, req Request) bool {
	owners, err := r.cfg.Store.SlotOwners(ctx, orderstore.CouponSlots(req.UserID, req.CouponID))
	if owner, held := owners[0]; err != nil || (held && owner != req.OrderID) {
		return false
	}
	key := r.k.coupon(req.UserID, req.CouponID)
	seen, err := r.rdb.Get(ctx, key).Result()
	if err != nil || len(seen) < 2 {
		return false
	}
	o, err := r.cfg.Store.Get(ctx, seen[2:])
	if err == nil {
		if rec := o.Record(); !rec.PaidAt.IsZero() || rec.Status == order.StatusPendingPayment {
			return false
		}
	} else if !errors.Is(err, orderstore.ErrNotFound) {
		return false
	}
	return forgetScript.Run(ctx, r.rdb, []string{key}, seen).Err() == nil
}

// until is how long from now to t, or Keep when t is not ahead.
func (r *Reserver) until(t time.Time) time.Duration {
	if d := t.Sub(r.cfg.Now()); d > 0 {
		return d
	}
	return r.cfg.Keep
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
