package dynamokv

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// TestWriteBatch60 writes 60 items (three chunks, the last one short), reads
// them back in order, then deletes them in one batch with a put mixed in.
func TestWriteBatch60(t *testing.T) {
	s := newTestStore(t)
	var puts []kv.Item
	var keys []kv.Key
	for i := range 60 {
		it := kv.Item{PK: "batch", SK: fmt.Sprintf("k%02d", i), Version: int64(i), Data: []byte{byte(i)}}
		puts = append(puts, it)
		keys = append(keys, it.Key())
	}
	if err := s.WriteBatch(t.Context(), puts, nil); err != nil {
		t.Fatalf("write batch of 60: %v", err)
	}
	page, err := s.Query(t.Context(), kv.Query{PK: "batch", Limit: 100})
	if err != nil {
		t.Fatalf("query: %v", err)
	}
	if len(page.Items) != 60 || page.Cursor != "" {
		t.Fatalf("query: %d items, cursor %q; want 60 and none", len(page.Items), page.Cursor)
	}
	for i, it := range page.Items {
		if it.SK != puts[i].SK || it.Version != puts[i].Version || !bytes.Equal(it.Data, puts[i].Data) {
			t.Errorf("item %d: %+v, want %+v", i, it, puts[i])
		}
	}
	last := kv.Item{PK: "batch", SK: "z", Version: 1}
	if err := s.WriteBatch(t.Context(), []kv.Item{last}, keys); err != nil {
		t.Fatalf("delete batch of 60: %v", err)
	}
	page, err = s.Query(t.Context(), kv.Query{PK: "batch", Limit: 100})
	if err != nil || len(page.Items) != 1 || page.Items[0].SK != "z" {
		t.Errorf("query after deletes: %d items, %v; want only z", len(page.Items), err)
	}
}

// TestQueryReadsPastExpired pages through a partition where most items have
// expired and are still stored (as on servers whose TTL is slow or
// absent): each page needs several requests, and the last page's cursor is
// empty.
func TestQueryReadsPastExpired(t *testing.T) {
	s := newTestStore(t)
	var items []kv.Item
	var live []string
	for i := range 50 {
		it := kv.Item{PK: "p", SK: fmt.Sprintf("k%02d", i), SK2: fmt.Sprintf("i%02d", 49-i), Version: 1}
		if i%10 == 3 {
			live = append(live, it.SK)
		} else {
			it.ExpiresAt = time.Now().Add(-time.Minute)
		}
		items = append(items, it)
	}
	if err := s.WriteBatch(t.Context(), items, nil); err != nil {
		t.Fatalf("seed: %v", err)
	}
	for _, bySK2 := range []bool{false, true} {
		var got []string
		q := kv.Query{PK: "p", BySK2: bySK2, Limit: 2}
		for pages := 1; ; pages++ {
			page, err := s.Query(t.Context(), q)
			if err != nil {
				t.Fatalf("query: %v", err)
			}
			for _, it := range page.Items {
				got = append(got, it.SK)
			}
			if page.Cursor == "" || pages > 10 {
				break
			}
			q.Cursor = page.Cursor
		}
		if bySK2 {
			for i, j := 0, len(got)-1; i < j; i, j = i+1, j-1 {
				got[i], got[j] = got[j], got[i]
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(live) {
			t.Errorf("by SK2 %v: read %q, want %q", bySK2, got, live)
		}
	}
}

// TestCursorOfAnotherQuery continues queries of a prefix and of a range
// with cursors of items they do not select: each continues from the
// cursor's position, which DynamoDB itself would refuse.
func TestCursorOfAnotherQuery(t *testing.T) {
	s := newTestStore(t)
	var items []kv.Item
	for _, sk := range []string{"a#1", "b#1", "b#2", "c#1"} {
		items = append(items, kv.Item{PK: "p", SK: sk, SK2: "i" + sk, Version: 1})
	}
	if err := s.WriteBatch(t.Context(), items, nil); err != nil {
		t.Fatalf("seed: %v", err)
	}
	first, last := items[0], items[3]
	for _, c := range []struct {
		q     kv.Query
		after kv.Item
		want  string
	}{
		{kv.Query{SKPrefix: "b#"}, first, "[b#1 b#2]"},
		{kv.Query{SKPrefix: "b#"}, last, "[]"},
		{kv.Query{SKPrefix: "b#", Backward: true}, first, "[]"},
		{kv.Query{SKPrefix: "b#", Backward: true}, last, "[b#2 b#1]"},
		{kv.Query{SKFrom: "b#", SKTo: "b#9"}, first, "[b#1 b#2]"},
		{kv.Query{SKFrom: "b#", SKTo: "b#9", Backward: true}, last, "[b#2 b#1]"},
		{kv.Query{SKFrom: "b#", Backward: true}, first, "[]"},
		{kv.Query{SKTo: "b#9"}, last, "[]"},
		{kv.Query{BySK2: true, SKPrefix: "ib#"}, first, "[b#1 b#2]"},
		{kv.Query{BySK2: true, SKPrefix: "ib#", Backward: true}, last, "[b#2 b#1]"},
	} {
		q := c.q
		q.PK, q.Limit, q.Cursor = "p", 5, kv.EncodeCursor(c.after, q.BySK2)
		page, err := s.Query(t.Context(), q)
		var got []string
		for _, it := range page.Items {
			got = append(got, it.SK)
		}
		if err != nil || fmt.Sprint(got) != c.want || page.Cursor != "" {
			t.Errorf("%+v after %s: %v, cursor %q, %v; want %s", c.q, c.after.SK, got, page.Cursor, err, c.want)
		}
	}
}
