package orderstore

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/order"
)

// The JSON lists hold exactly what the decoded lists do, page by page.
func TestJSONListsMatchTheDecodedOnes(t *testing.T) {
	forEachStore(t, func(t *testing.T, s kv.Store) {
		c := newClock()
		repo := New(s, c.options(nil))
		user, store := "u-json", "s-json"
		for range 3 {
			if _, err := repo.Create(context.Background(), newDraftOrder(t, c.Now(), user, store)); err != nil {
				t.Fatal(err)
			}
		}
		ctx := context.Background()
		for _, st := range []order.Status{{}, order.StatusPendingPayment, order.StatusPaid} {
			want, err1 := repo.ListByStore(ctx, store, "2026-11-21", st, 2, "")
			got, err2 := repo.ListByStoreJSON(ctx, store, "2026-11-21", st, 2, "")
			checkSamePage(t, want, got, err1, err2)
		}
		want, err1 := repo.ListByUser(ctx, user, 2, "")
		got, err2 := repo.ListByUserJSON(ctx, user, 2, "")
		checkSamePage(t, want, got, err1, err2)
		next, err1 := repo.ListByUser(ctx, user, 2, want.Cursor)
		nextJSON, err2 := repo.ListByUserJSON(ctx, user, 2, got.Cursor)
		checkSamePage(t, next, nextJSON, err1, err2)
	})
}

func checkSamePage(t *testing.T, want Page, got JSONPage, err1, err2 error) {
	t.Helper()
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	decoded := make([]order.Record, len(got.Orders))
	for i, raw := range got.Orders {
		if err := json.Unmarshal(raw, &decoded[i]); err != nil {
			t.Fatal(err)
		}
	}
	if len(decoded) != len(want.Orders) || got.Cursor != want.Cursor || (len(decoded) > 0 && !reflect.DeepEqual(decoded, want.Orders)) {
		t.Errorf("JSON page %d orders (cursor %q), decoded page %d (cursor %q)", len(decoded), got.Cursor, len(want.Orders), want.Cursor)
	}
}
