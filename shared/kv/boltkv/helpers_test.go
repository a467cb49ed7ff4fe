package boltkv

import (
	"bytes"
	"context"
	"testing"

	"go.etcd.io/bbolt"

	"github.com/ordercenter/ordercenter/shared/kv"
)

func mustPut(t testing.TB, s *Store, it kv.Item, cond kv.Condition) {
	t.Helper()
	if err := s.Put(context.Background(), it, cond); err != nil {
		t.Fatal(err)
	}
}

// assertItem compares two items, times by instant and data by bytes.
func assertItem(t testing.TB, got, want kv.Item) {
	t.Helper()
	if got.PK != want.PK || got.SK != want.SK || got.SK2 != want.SK2 ||
		got.Version != want.Version || !got.ExpiresAt.Equal(want.ExpiresAt) ||
		!bytes.Equal(got.Data, want.Data) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
}

// bucketCounts counts the entries of each bucket.
func bucketCounts(t testing.TB, s *Store) map[string]int {
	t.Helper()
	counts := map[string]int{}
	err := s.db.View(func(tx *bbolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bbolt.Bucket) error {
			counts[string(name)] = b.Stats().KeyN
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return counts
}

// queryAll pages through a query and returns every item, checking that
// only the last page has an empty cursor and that no page is empty but
// the first.
func queryAll(t testing.TB, s *Store, q kv.Query) []kv.Item {
	t.Helper()
	var all []kv.Item
	for page := 0; ; page++ {
		p, err := s.Query(context.Background(), q)
		if err != nil {
			t.Fatalf("page %d of %+v: %v", page, q, err)
		}
		if len(p.Items) > q.Limit || (page > 0 && len(p.Items) == 0) {
			t.Fatalf("page %d of %+v holds %d items", page, q, len(p.Items))
		}
		all = append(all, p.Items...)
		if p.Cursor == "" {
			return all
		}
		if p.Cursor == q.Cursor || page > 10_000 {
			t.Fatalf("page %d of %+v: cursor does not advance", page, q)
		}
		q.Cursor = p.Cursor
	}
}

func sortKeys(items []kv.Item) []string {
	keys := make([]string, len(items))
	for i, it := range items {
		keys[i] = it.SK2 + "|" + it.SK
	}
	return keys
}
