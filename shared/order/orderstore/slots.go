package orderstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// ErrSlotsFull: the resource has no free slot left for the taker; the
// error of TakeSlots when every slot is held by another live owner.
var ErrSlotsFull = errors.New("no free slot")

// errContended: the slots kept being taken under the taker; transient.
var errContended = fmt.Errorf("slots contended: %w", ErrUnavailable)

// maxTakeRounds bounds how often a taker reads the partition again after
// losing free slots to concurrent takers.
const maxTakeRounds = 8

// SlotResource names one bounded resource: its capacity is a number of
// slots, each held by at most one owner (an order id). See docs/store-layout.md.
type SlotResource struct{ pk string }

// StockSlots is a limited sku's stock of one store-local day: daily_limit slots.
func StockSlots(storeID, day, sku string) SlotResource {
	return SlotResource{stockSlotsPK(storeID, day, sku)}
}

// CouponSlots is a user's coupon: one slot, held by the order using it.
func CouponSlots(userID, couponID string) SlotResource {
	return SlotResource{couponSlotsPK(userID, couponID)}
}

// UnpaidSlots is a user's places for unpaid orders: MAX_UNPAID_ORDERS slots.
func UnpaidSlots(userID string) SlotResource { return SlotResource{unpaidSlotsPK(userID)} }

// FirstOrderSlots is a user's first-order waiver: one slot.
func FirstOrderSlots(userID string) SlotResource { return SlotResource{firstOrderSlotsPK(userID)} }

// String names the resource (its partition), for logs.
func (s SlotResource) String() string { return s.pk }

// SlotClaim says who takes slots and for how long.
type SlotClaim struct {
	// Owner is the order id taking the slots.
	Owner string
	// Deadline is when the owner's order must exist: past it, a slot
	// whose owner has no order is an orphan that a taker finding the
	// resource full may take over.
	Deadline time.Time
	// Expires is when the slot items vanish by themselves (zero: never).
	Expires time.Time
	// Resumed says an earlier attempt of the owner may hold slots already:
	// the partition is read first, so they are found and counted.
	Resumed bool
}

// SlotTake is what TakeSlots found.
type SlotTake struct {
	// Slots are the owner's slots (n of them when no error).
	Slots []int
	// Read tells the partition was read; Others then maps the slots
	// other owners held at that moment to their owners (for the caller's
	// cache).
	Read   bool
	Others map[int]string
}

// slotData is a slot item's payload.
type slotData struct {
	Owner    string `json:"o"`
	Deadline int64  `json:"d"` // unix ms
}

func (r *Repository) slotItem(res SlotResource, i int, c SlotClaim) kv.Item {
	data, _ := json.Marshal(slotData{Owner: c.Owner, Deadline: c.Deadline.UnixMilli()})
	return kv.Item{PK: res.pk, SK: slotSK(i), Version: ownerVersion(c.Owner), ExpiresAt: c.Expires, Data: data}
}

// TakeSlots gives the owner n slots of the resource's capacity, trying
// the hinted slot numbers first (a fast allocator's guess), each by a put
// conditional on the slot being free. A slot the owner holds already
// counts as taken (a retry finds its own slots). When a hint is taken by
// another owner, the partition (at most capacity items) is read and free
// slots are taken instead; when none are left it returns ErrSlotsFull
// with the slots the owner holds, for the caller to release. It never
// lets more than capacity owners' slots be live at once.
func (r *Repository) TakeSlots(ctx context.Context, res SlotResource, capacity, n int, hints []int, c SlotClaim) (SlotTake, error) {
	if !validOrderID(c.Owner) || n < 0 {
		return SlotTake{}, fmt.Errorf("take slots of %s: invalid owner %q or count %d", res, c.Owner, n)
	}
	var mine []int
	if !c.Resumed {
		got, lost, err := r.putSlots(ctx, res, c, usable(hints, capacity, n))
		if err != nil {
			return SlotTake{Slots: got}, fmt.Errorf("take slots of %s: %w", res, err)
		}
		if mine = got; len(mine) == n && !lost {
			return SlotTake{Slots: mine}, nil
		}
	}
	for range maxTakeRounds {
		take, free, err := r.readSlots(ctx, res, capacity, n, c.Owner)
		if err != nil {
			return SlotTake{Slots: mine}, fmt.Errorf("take slots of %s: %w", res, err)
		}
		if len(take.Slots) >= n {
			return take, nil
		}
		if len(free) < n-len(take.Slots) {
			return take, fmt.Errorf("take slots of %s: %w", res, ErrSlotsFull)
		}
		// Racing takers read the same free slots: each tries its own pick.
		rand.Shuffle(len(free), func(i, j int) { free[i], free[j] = free[j], free[i] })
		got, _, err := r.putSlots(ctx, res, c, free[:n-len(take.Slots)])
		if take.Slots = append(take.Slots, got...); err != nil {
			return take, fmt.Errorf("take slots of %s: %w", res, err)
		}
		if mine = take.Slots; len(mine) >= n {
			return take, nil
		}
	}
	return SlotTake{Slots: mine, Read: true}, fmt.Errorf("take slots of %s: %w", res, errContended)
}

// usable keeps the first n distinct hints within the capacity.
func usable(hints []int, capacity, n int) []int {
	seen := make(map[int]bool, len(hints))
	var out []int
	for _, h := range hints {
		if h >= 0 && h < capacity && !seen[h] && len(out) < n {
			seen[h] = true
			out = append(out, h)
		}
	}
	return out
}
