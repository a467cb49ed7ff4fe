package orderstore_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
)

func claim(owner string, now time.Time) orderstore.SlotClaim {
	return orderstore.SlotClaim{Owner: owner, Deadline: now.Add(time.Minute), Expires: now.Add(time.Hour)}
}

// Racing takers with the same (wrong) hints never hold more slots than
// the capacity, and all of it is handed out.
func TestSlotsNeverPassTheirCapacity(t *testing.T) {
	backends.Each(t, func(t *testing.T, s kv.Store) {
		repo := orderstore.New(s, orderstore.Options{})
		res := orderstore.StockSlots("s-1", "2026-11-21", "a")
		now := time.Now()
		var ok, full atomic.Int32
		var wg sync.WaitGroup
		for range 40 {
			owner := order.NewID(now)
			wg.Go(func() {
				_, err := repo.TakeSlots(context.Background(), res, 10, 1, []int{0}, claim(owner, now))
				switch {
				case err == nil:
					ok.Add(1)
				case errors.Is(err, orderstore.ErrSlotsFull):
					full.Add(1)
				default:
					t.Error(err)
				}
			})
		}
		wg.Wait()
		owners, err := repo.SlotOwners(context.Background(), res)
		if err != nil || ok.Load() != 10 || full.Load() != 30 || len(owners) != 10 {
			t.Fatalf("%d took, %d full, %d owners (%v)", ok.Load(), full.Load(), len(owners), err)
		}
	})
}

func TestSlotsAreIdempotentAndReleasedByOwner(t *testing.T) {
	backends.Each(t, func(t *testing.T, s kv.Store) {
		repo := orderstore.New(s, orderstore.Options{})
		ctx, now := context.Background(), time.Now()
		res := orderstore.StockSlots("s-1", "2026-11-21", "b")
		a, b := order.NewID(now), order.NewID(now)
		first, err := repo.TakeSlots(ctx, res, 3, 2, []int{0, 1}, claim(a, now))
		if err != nil || fmt.Sprint(first.Slots) != "[0 1]" {
			t.Fatalf("take: %+v %v", first, err)
		}
		again, err := repo.TakeSlots(ctx, res, 3, 2, []int{0, 1}, claim(a, now))
		if err != nil || fmt.Sprint(again.Slots) != "[0 1]" {
			t.Fatalf("retake: %+v %v", again, err)
		}
		resumed := claim(a, now)
		resumed.Resumed = true
		if got, err := repo.TakeSlots(ctx, res, 3, 2, []int{2}, resumed); err != nil || fmt.Sprint(got.Slots) != "[0 1]" {
			t.Fatalf("resumed with another hint: %+v %v", got, err)
		}
		if got, err := repo.TakeSlots(ctx, res, 3, 2, []int{0, 1}, claim(b, now)); !errors.Is(err, orderstore.ErrSlotsFull) ||
			fmt.Sprint(got.Others) != fmt.Sprintf("map[0:%s 1:%s]", a, a) {
			t.Fatalf("b over capacity: %+v %v", got, err)
		}
		if err := repo.ReleaseSlots(ctx, res, b, []int{0, 1}); err != nil { // not b's: nothing changes
			t.Fatal(err)
		}
		if err := repo.ReleaseSlots(ctx, res, a, nil); err != nil {
			t.Fatal(err)
		}
		if got, err := repo.TakeSlots(ctx, res, 3, 3, nil, claim(b, now)); err != nil || len(got.Slots) != 3 {
			t.Fatalf("after a's release: %+v %v", got, err)
		}
	})
}

// A slot whose owner's deadline passed with no order written is taken
// over by a taker who finds the resource full; one whose order exists
// is kept.
func TestOrphanSlotsAreTakenOver(t *testing.T) {
	backends.Each(t, func(t *testing.T, s kv.Store) {
		now := time.Now()
		clock := now
		repo := orderstore.New(s, orderstore.Options{Now: func() time.Time { return clock }})
		ctx := context.Background()
		res := orderstore.CouponSlots("u-1", "cp-1")
		orphan := order.NewID(now)
		if _, err := repo.TakeSlots(ctx, res, 1, 1, []int{0}, claim(orphan, now)); err != nil {
			t.Fatal(err)
		}
		late := order.NewID(now)
		if _, err := repo.TakeSlots(ctx, res, 1, 1, []int{0}, claim(late, now)); !errors.Is(err, orderstore.ErrSlotsFull) {
			t.Fatalf("before the deadline: %v", err)
		}
		clock = now.Add(2 * time.Minute)
		if got, err := repo.TakeSlots(ctx, res, 1, 1, []int{0}, claim(late, clock)); err != nil || fmt.Sprint(got.Slots) != "[0]" {
			t.Fatalf("after the orphan's deadline: %+v %v", got, err)
		}
	})
}
