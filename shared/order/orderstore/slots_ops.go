package orderstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// putSlots takes each slot by a put conditional on its absence, all at
// once. A slot already the owner's counts as taken; lost tells that
// another owner held one.
func (r *Repository) putSlots(ctx context.Context, res SlotResource, c SlotClaim, slots []int) (got []int, lost bool, err error) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	var errs []error
	for _, i := range slots {
		wg.Go(func() {
			ok, e := r.putSlot(ctx, res, c, i)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case e != nil:
				errs = append(errs, e)
			case ok:
				got = append(got, i)
			default:
				lost = true
			}
		})
	}
	wg.Wait()
	sort.Ints(got)
	return got, lost, errors.Join(errs...)
}

// putSlot takes one slot: false when another owner holds it.
func (r *Repository) putSlot(ctx context.Context, res SlotResource, c SlotClaim, i int) (bool, error) {
	it := r.slotItem(res, i, c)
	err := r.store.Put(ctx, it, kv.IfAbsent())
	if !errors.Is(err, kv.ErrConditionFailed) {
		return err == nil, err
	}
	held, err := r.store.Get(ctx, it.PK, it.SK)
	if errors.Is(err, kv.ErrNotFound) { // released meanwhile: try once more
		if err = r.store.Put(ctx, it, kv.IfAbsent()); errors.Is(err, kv.ErrConditionFailed) {
			return false, nil
		}
		return err == nil, err
	}
	if err != nil {
		return false, err
	}
	return held.Version == it.Version && ownerOf(held) == c.Owner, nil
}

func ownerOf(it kv.Item) string {
	var d slotData
	_ = json.Unmarshal(it.Data, &d)
	return d.Owner
}

// readSlots reads the partition: the owner's slots, the others', and the
// free slot numbers below capacity once every live slot is counted. When
// fewer than the n wanted would be free, slots of orphans (past their
// deadline, no order) are taken back first.
func (r *Repository) readSlots(ctx context.Context, res SlotResource, capacity, n int, owner string) (SlotTake, []int, error) {
	items, err := r.slotItems(ctx, res)
	if err != nil {
		return SlotTake{}, nil, err
	}
	take, held := SlotTake{Read: true, Others: map[int]string{}}, map[int]bool{}
	for i, it := range items {
		held[i] = true
		if ownerOf(it) == owner {
			take.Slots = append(take.Slots, i)
		}
	}
	if len(items)-len(take.Slots)+n > capacity {
		r.reclaimOrphans(ctx, items, owner, held)
	}
	var free []int
	for i := 0; i < capacity && len(held)+len(free) < capacity; i++ {
		if !held[i] {
			free = append(free, i)
		}
	}
	for i := range held {
		if o := ownerOf(items[i]); o != owner {
			take.Others[i] = o
		}
	}
	sort.Ints(take.Slots)
	return take, free, nil
}

// reclaimOrphans deletes the slots of owners whose deadline passed
// without their order being written, and marks them free in held.
func (r *Repository) reclaimOrphans(ctx context.Context, items map[int]kv.Item, owner string, held map[int]bool) {
	now := r.now()
	for i, it := range items {
		var d slotData
		if json.Unmarshal(it.Data, &d) != nil || d.Owner == owner || d.Deadline == 0 ||
			now.Before(time.UnixMilli(d.Deadline)) || !r.orphan(ctx, d.Owner) {
			continue
		}
		err := r.store.Delete(ctx, it.PK, it.SK, kv.IfVersion(it.Version))
		if err == nil || errors.Is(err, kv.ErrConditionFailed) {
			delete(held, i) // ours to take again, or freed by another
		}
	}
}

// orphan tells that no order has the id (a failed read is not proof).
func (r *Repository) orphan(ctx context.Context, orderID string) bool {
	k := masterKey(orderID)
	_, err := r.store.Get(ctx, k.PK, k.SK)
	return errors.Is(err, kv.ErrNotFound)
}

// slotItems reads the resource's live slots by number.
func (r *Repository) slotItems(ctx context.Context, res SlotResource) (map[int]kv.Item, error) {
	out := map[int]kv.Item{}
	q := kv.Query{PK: res.pk, Limit: kv.MaxPageLimit}
	for {
		page, err := r.store.Query(ctx, q)
		if err != nil {
			return nil, err
		}
		for _, it := range page.Items {
			if i, ok := slotOf(it.SK); ok {
				out[i] = it
			}
		}
		if q.Cursor = page.Cursor; q.Cursor == "" {
			return out, nil
		}
	}
}

// ReleaseSlots frees the owner's slots of the resource: those numbered,
// or, when slots is nil, every slot the owner holds (read from the
// partition). Each delete is conditional on the owner, so a slot taken
// over by another owner stays theirs. Idempotent.
func (r *Repository) ReleaseSlots(ctx context.Context, res SlotResource, owner string, slots []int) error {
	if slots == nil {
		owned, err := r.SlotsOf(ctx, res, owner)
		if err != nil {
			return err
		}
		slots = owned
	}
	v := ownerVersion(owner)
	var errs []error
	for _, i := range slots {
		err := r.store.Delete(ctx, res.pk, slotSK(i), kv.IfVersion(v))
		if err != nil && !errors.Is(err, kv.ErrConditionFailed) && !errors.Is(err, kv.ErrNotFound) {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("release slots of %s for %s: %w", res, owner, err)
	}
	return nil
}

// SlotsOf returns the slots the owner holds of the resource.
func (r *Repository) SlotsOf(ctx context.Context, res SlotResource, owner string) ([]int, error) {
	owners, err := r.SlotOwners(ctx, res)
	if err != nil {
		return nil, err
	}
	var out []int
	for i, o := range owners {
		if o == owner {
			out = append(out, i)
		}
	}
	sort.Ints(out)
	return out, nil
}

// SlotOwners returns the owner of each live slot of the resource.
func (r *Repository) SlotOwners(ctx context.Context, res SlotResource) (map[int]string, error) {
	items, err := r.slotItems(ctx, res)
	if err != nil {
		return nil, fmt.Errorf("read slots of %s: %w", res, err)
	}
	out := make(map[int]string, len(items))
	for i, it := range items {
		out[i] = ownerOf(it)
	}
	return out, nil
}
