package kvtest

import (
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
)

func init() {
	suite = append(suite,
		testCase{"put_get/all_fields", testAllFields},
		testCase{"put_get/binary_data", testBinaryData},
		testCase{"put_get/unicode_keys", testUnicodeKeys},
		testCase{"put_get/absent", testGetAbsent},
		testCase{"put_get/replaces_whole_item", testPutReplaces},
	)
}

// testAllFields writes an item with every field set and reads it back, by
// Get and by both kinds of query. The version is above 2^53, where a float
// loses it; the expiry has a fraction of a second, which is truncated.
func testAllFields(t *testing.T, s kv.Store, _ Features) {
	p := pk(t)
	exp := later().Add(2*time.Hour + 900*time.Millisecond)
	want := kv.Item{PK: p, SK: "ORDER#1", SK2: "PAID#1", Version: 1<<53 + 1,
		ExpiresAt: exp, Data: []byte("\x00{\"id\":1}\xff")}
	put(t, s, want, kv.Always())
	wantItem(t, s, want)
	for _, bySK2 := range []bool{false, true} {
		page := query(t, s, kv.Query{PK: p, BySK2: bySK2, Limit: 10})
		wantItems(t, "query", page.Items, []kv.Item{want})
	}
	next := kv.Item{PK: p, SK: "ORDER#1", Version: 1<<53 + 2}
	wantErr(t, s.Put(t.Context(), next, kv.IfVersion(1<<53)), kv.ErrConditionFailed, "put if version 2^53")
	put(t, s, next, kv.IfVersion(1<<53+1))
	wantItem(t, s, next)
}

// testBinaryData stores payloads no text encoding survives, and empty ones.
func testBinaryData(t *testing.T, s kv.Store, _ Features) {
	p := pk(t)
	all := make([]byte, 256)
	for i := range all {
		all[i] = byte(i)
	}
	payloads := map[string][]byte{
		"a_nil":     nil,
		"b_empty":   {},
		"c_zeros":   {0, 0, 0},
		"d_invalid": {0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0xed, 0xa0, 0x80},
		"e_bytes":   all,
		"f_text":    []byte("plain text, ünïcödé 😀"),
	}
	var want []kv.Item
	for _, sk := range []string{"a_nil", "b_empty", "c_zeros", "d_invalid", "e_bytes", "f_text"} {
		it := kv.Item{PK: p, SK: sk, Version: 1, Data: payloads[sk]}
		put(t, s, it, kv.Always())
		wantItem(t, s, it)
		want = append(want, it)
	}
	wantItems(t, "query", query(t, s, kv.Query{PK: p, Limit: 10}).Items, want)
}

// testUnicodeKeys uses keys outside ASCII in every key.
func testUnicodeKeys(t *testing.T, s kv.Store, _ Features) {
	p := pk(t) + "/客户/Ünïcödé"
	want := kv.Item{PK: p, SK: "订单#é#😀", SK2: "ЗАКАЗ#€", Version: 1, Data: []byte("x")}
	put(t, s, want, kv.Always())
	wantItem(t, s, want)
	wantItems(t, "query by prefix", query(t, s, kv.Query{PK: p, SKPrefix: "订单#é", Limit: 5}).Items, []kv.Item{want})
	wantItems(t, "query by SK2 prefix", query(t, s, kv.Query{PK: p, BySK2: true, SKPrefix: "ЗАКАЗ#", Limit: 5}).Items, []kv.Item{want})
	wantAbsent(t, s, p, "订单#e#😀")
}

// testGetAbsent reads keys nobody wrote, next to keys somebody did.
func testGetAbsent(t *testing.T, s kv.Store, _ Features) {
	p := pk(t)
	wantAbsent(t, s, p, "never")
	put(t, s, item(p, "order"), kv.Always())
	for _, sk := range []string{"ord", "order2", "Order", "never"} {
		wantAbsent(t, s, p, sk)
	}
	wantAbsent(t, s, p+"x", "order")
}

// testPutReplaces overwrites an item without a condition: nothing of the
// old item survives, neither its SK2 nor its expiry.
func testPutReplaces(t *testing.T, s kv.Store, _ Features) {
	p := pk(t)
	old := kv.Item{PK: p, SK: "k", SK2: "IDX#k", Version: 5, ExpiresAt: later(), Data: []byte("old data, longer")}
	put(t, s, old, kv.Always())
	next := kv.Item{PK: p, SK: "k", Version: 2, Data: []byte("new")}
	put(t, s, next, kv.Always())
	wantItem(t, s, next)
	if page := query(t, s, kv.Query{PK: p, BySK2: true, Limit: 5}); len(page.Items) != 0 {
		t.Errorf("query by SK2 after SK2 was dropped: %q", sk2s(page.Items))
	}
	empty := kv.Item{PK: p, SK: "k", Version: 3}
	put(t, s, empty, kv.Always())
	wantItem(t, s, empty)
}
