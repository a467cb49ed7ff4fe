package kvtest

import (
	"testing"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// testSK2Move changes and removes items' SK2 with Put, WriteBatch and
// Delete: each query by SK2 right after sees the item at its new place, or
// not at all. The queries by SK always see all the items.
func testSK2Move(t *testing.T, s kv.Store, _ Features) {
	p := pk(t)
	at := func(sk, sk2 string) kv.Item {
		it := item(p, sk)
		it.SK2 = sk2
		return it
	}
	seed(t, s, []kv.Item{at("a", "S#1"), at("b", "S#2"), at("c", "S#3")})
	wantBySK2(t, s, p, "a", "b", "c")
	put(t, s, at("b", "S#0"), kv.Always())
	wantBySK2(t, s, p, "b", "a", "c")
	put(t, s, at("a", "S#9"), kv.IfExists())
	wantBySK2(t, s, p, "b", "c", "a")
	put(t, s, at("c", ""), kv.IfVersion(1))
	wantBySK2(t, s, p, "b", "a")
	wantKeys(t, "by SK", sks(query(t, s, kv.Query{PK: p, Limit: 10}).Items), []string{"a", "b", "c"})
	if err := s.WriteBatch(t.Context(), []kv.Item{at("c", "S#5"), at("a", "")}, nil); err != nil {
		t.Fatalf("write batch: %v", err)
	}
	wantBySK2(t, s, p, "b", "c")
	if err := s.Delete(t.Context(), p, "b", kv.Always()); err != nil {
		t.Fatalf("delete: %v", err)
	}
	wantBySK2(t, s, p, "c")
	expired := at("c", "S#5")
	expired.ExpiresAt = earlier()
	put(t, s, expired, kv.Always())
	wantBySK2(t, s, p)
}

// wantBySK2 checks the sort keys a query by SK2 returns, forward and
// backward.
func wantBySK2(t *testing.T, s kv.Store, p string, want ...string) {
	t.Helper()
	q := kv.Query{PK: p, BySK2: true, Limit: 10}
	wantKeys(t, "by SK2", sks(readAll(t, s, q, len(want))), want)
	q.Backward = true
	wantKeys(t, "by SK2 backward", sks(readAll(t, s, q, len(want))), reversed(want))
}
