package kvtest

import (
	"crypto/rand"
	"strings"
	"testing"

	"github.com/ordercenter/ordercenter/shared/kv"
)

func init() {
	suite = append(suite,
		testCase{"limits/largest_item", testLargestItem},
		testCase{"limits/too_large", testTooLarge},
		testCase{"limits/large_items_query", testLargeItemsQuery},
		testCase{"limits/invalid_keys", testInvalidKeys},
		testCase{"limits/longest_keys", testLongestKeys},
	)
}

// sized returns an item with random data making its ItemSize exactly size,
// its version and expiry set and, if sk2 is not empty, its SK2.
func sized(p, sk, sk2 string, size int) kv.Item {
	it := kv.Item{PK: p, SK: sk, SK2: sk2, Version: 1 << 40, ExpiresAt: later()}
	it.Data = make([]byte, size-kv.ItemSize(it))
	rand.Read(it.Data)
	return it
}

// testLargestItem writes items of exactly their SizeLimit, the most the
// contract allows, with and without an SK2, and reads them back intact.
func testLargestItem(t *testing.T, s kv.Store, _ Features) {
	for name, sk2 := range map[string]string{"without_SK2": "", "with_SK2": "LARGE#1"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p := pk(t)
			it := sized(p, "largest", sk2, kv.SizeLimit(kv.Item{SK2: sk2}))
			put(t, s, it, kv.IfAbsent())
			wantItem(t, s, it)
			if sk2 != "" {
				wantItems(t, "by SK2", query(t, s, kv.Query{PK: p, BySK2: true, Limit: 1}).Items, []kv.Item{it})
			}
		})
	}
}

// testTooLarge writes items one byte over the limit, new and replacing:
// ErrTooLarge, and nothing changes.
func testTooLarge(t *testing.T, s kv.Store, _ Features) {
	p := pk(t)
	over := sized(p, "over", "", kv.MaxItemBytes+1)
	wantErr(t, s.Put(t.Context(), over, kv.Always()), kv.ErrTooLarge, "put of a new item")
	wantAbsent(t, s, p, "over")
	old := item(p, "kept")
	put(t, s, old, kv.Always())
	over = sized(p, "kept", "LARGE#kept", kv.MaxIndexedItemBytes+1)
	wantErr(t, s.Put(t.Context(), over, kv.IfExists()), kv.ErrTooLarge, "put replacing an item")
	wantItem(t, s, old)
	longSK2 := kv.Item{PK: p, SK: "long SK2", SK2: strings.Repeat("2", kv.MaxSKBytes)}
	longSK2.Data = make([]byte, kv.MaxIndexedItemBytes-kv.ItemSize(longSK2)+1)
	wantErr(t, s.Put(t.Context(), longSK2, kv.Always()), kv.ErrTooLarge, "put over the limit by its SK2")
	wantAbsent(t, s, p, "long SK2")
}

// testLargeItemsQuery reads several largest items in one query, more than
// DynamoDB returns in one response: pages may hold fewer than the limit, but
// none is lost. (limits/largest_item/with_SK2 reads one by SK2.)
func testLargeItemsQuery(t *testing.T, s kv.Store, _ Features) {
	p := pk(t)
	var want []kv.Item
	for _, sk := range []string{"a", "b", "c"} {
		it := sized(p, sk, "", kv.MaxItemBytes)
		put(t, s, it, kv.Always())
		want = append(want, it)
	}
	wantItems(t, "forward", readAll(t, s, kv.Query{PK: p, Limit: 10}, len(want)), want)
	got := readAll(t, s, kv.Query{PK: p, Limit: 10, Backward: true}, len(want))
	wantKeys(t, "backward", sks(got), []string{"c", "b", "a"})
}

// testInvalidKeys sends keys that are empty or too long to every call that
// takes a key.
func testInvalidKeys(t *testing.T, s kv.Store, _ Features) {
	p := pk(t)
	keys := map[string]kv.Key{
		"empty PK":        {SK: "sk"},
		"empty SK":        {PK: p},
		"empty PK and SK": {},
		"PK too long":     {PK: p + strings.Repeat("p", kv.MaxPKBytes), SK: "sk"},
		"SK too long":     {PK: p, SK: strings.Repeat("s", kv.MaxSKBytes+1)},
	}
	for name, k := range keys {
		it := kv.Item{PK: k.PK, SK: k.SK, Version: 1, Data: []byte("x")}
		wantErr(t, s.Put(t.Context(), it, kv.Always()), kv.ErrInvalidKey, "put, "+name)
		wantErr(t, s.Put(t.Context(), it, kv.IfAbsent()), kv.ErrInvalidKey, "put if absent, "+name)
		_, err := s.Get(t.Context(), k.PK, k.SK)
		wantErr(t, err, kv.ErrInvalidKey, "get, "+name)
		wantErr(t, s.Delete(t.Context(), k.PK, k.SK, kv.Always()), kv.ErrInvalidKey, "delete, "+name)
		wantErr(t, s.Delete(t.Context(), k.PK, k.SK, kv.IfExists()), kv.ErrInvalidKey, "delete if exists, "+name)
	}
	longSK2 := kv.Item{PK: p, SK: "sk", SK2: strings.Repeat("2", kv.MaxSKBytes+1)}
	wantErr(t, s.Put(t.Context(), longSK2, kv.Always()), kv.ErrInvalidKey, "put, SK2 too long")
	if page := query(t, s, kv.Query{PK: p, Limit: 10}); len(page.Items) != 0 {
		t.Errorf("%d items written with invalid keys", len(page.Items))
	}
}

// testLongestKeys writes and reads an item whose keys are as long as the
// contract allows.
func testLongestKeys(t *testing.T, s kv.Store, _ Features) {
	p := pk(t)
	p += strings.Repeat("p", kv.MaxPKBytes-len(p))
	it := kv.Item{PK: p, SK: strings.Repeat("s", kv.MaxSKBytes), SK2: strings.Repeat("2", kv.MaxSKBytes), Version: 1, Data: []byte("x")}
	put(t, s, it, kv.IfAbsent())
	wantItem(t, s, it)
	wantItems(t, "by SK", query(t, s, kv.Query{PK: p, Limit: 5}).Items, []kv.Item{it})
	wantItems(t, "by SK2", query(t, s, kv.Query{PK: p, BySK2: true, Limit: 5}).Items, []kv.Item{it})
	short := kv.Item{PK: p, SK: "s", Version: 1}
	put(t, s, short, kv.Always())
	got := readAll(t, s, kv.Query{PK: p, SKPrefix: "s", Limit: 1}, 2)
	wantItems(t, "by prefix, pages of 1", got, []kv.Item{short, it})
	if err := s.Delete(t.Context(), p, it.SK, kv.IfVersion(1)); err != nil {
		t.Errorf("delete: %v", err)
	}
}
