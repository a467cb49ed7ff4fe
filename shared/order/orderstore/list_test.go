package orderstore

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/order"
)

// Lists page through a user's and a store's orders newest first, without
// loss or repetition, and filter the store's by status, whether the
// store's day is spread over shards or not.
func TestListsPageNewestFirst(t *testing.T) {
	forEachStore(t, func(t *testing.T, s kv.Store) {
		for _, shards := range []int{1, 3} {
			t.Run(fmt.Sprintf("%d shards", shards), func(t *testing.T) { testListsPageNewestFirst(t, s, shards) })
		}
	})
}

func testListsPageNewestFirst(t *testing.T, s kv.Store, shards int) {
	c := newClock()
	repo := New(s, c.options(nil))
	ctx := context.Background()
	userID, storeID := fmt.Sprintf("u-list-%d", shards), fmt.Sprintf("s-list-%d", shards)
	if err := repo.SetStoreShards(ctx, storeID, shards); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i := range 23 {
		c.Advance(time.Second)
		rec, err := repo.Create(ctx, newDraftOrder(t, c.Now(), userID, storeID))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, rec.OrderID)
		if i%3 == 0 {
			payAndAccept(t, repo, c, rec)
		}
	}
	newestFirst := reversed(ids)
	wantIDs(t, "user", readAll(t, func(cur string) (Page, error) {
		return repo.ListByUser(ctx, userID, 5, cur)
	}), newestFirst)
	wantIDs(t, "store", readAll(t, func(cur string) (Page, error) {
		return repo.ListByStore(ctx, storeID, "2026-11-21", order.Status{}, 4, cur)
	}), newestFirst)
	var accepted []string
	for i, id := range newestFirst {
		if (len(ids)-1-i)%3 == 0 {
			accepted = append(accepted, id)
		}
	}
	wantIDs(t, "store ACCEPTED", readAll(t, func(cur string) (Page, error) {
		return repo.ListByStore(ctx, storeID, "2026-11-21", order.StatusAccepted, 3, cur)
	}), accepted)
}

func TestListRefusesForeignCursor(t *testing.T) {
	forEachStore(t, func(t *testing.T, s kv.Store) {
		c := newClock()
		repo := New(s, c.options(nil))
		ctx := context.Background()
		for range 3 {
			if _, err := repo.Create(ctx, newDraftOrder(t, c.Now(), "u-owner", "s-cursor")); err != nil {
				t.Fatal(err)
			}
		}
		page, err := repo.ListByUser(ctx, "u-owner", 1, "")
		if err != nil || page.Cursor == "" {
			t.Fatalf("first page: %v, cursor %q", err, page.Cursor)
		}
		if _, err := repo.ListByUser(ctx, "u-thief", 1, page.Cursor); !errors.Is(err, ErrInvalidCursor) {
			t.Errorf("another user's cursor: %v, want ErrInvalidCursor", err)
		}
	})
}

func readAll(t *testing.T, list func(cursor string) (Page, error)) []string {
	t.Helper()
	var ids []string
	cursor := ""
	for range 100 {
		page, err := list(cursor)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range page.Orders {
			ids = append(ids, o.OrderID)
		}
		if cursor = page.Cursor; cursor == "" {
			return ids
		}
	}
	t.Fatal("list never ended")
	return nil
}

func wantIDs(t *testing.T, what string, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s list: %d orders, want %d", what, len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("%s list: order %d is %s, want %s", what, i, got[i], want[i])
		}
	}
}

func reversed(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[len(ids)-1-i] = id
	}
	return out
}
