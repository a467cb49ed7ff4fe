package kvtest

import (
	"testing"

	"github.com/ordercenter/ordercenter/shared/kv"
)

func init() {
	suite = append(suite,
		testCase{"delete/present", testDeletePresent},
		testCase{"delete/absent", testDeleteAbsent},
		testCase{"delete/conditional", testDeleteConditional},
	)
}

// testDeletePresent removes one item and leaves its neighbours, including
// one whose sort key it is a prefix of.
func testDeletePresent(t *testing.T, s kv.Store, _ Features) {
	p := pk(t)
	seed(t, s, items(p, []string{"a", "b", "bb", "c"}))
	if err := s.Delete(t.Context(), p, "b", kv.Always()); err != nil {
		t.Fatalf("delete: %v", err)
	}
	wantAbsent(t, s, p, "b")
	for _, sk := range []string{"a", "bb", "c"} {
		wantItem(t, s, item(p, sk))
	}
	wantKeys(t, "query after delete", sks(query(t, s, kv.Query{PK: p, Limit: 10}).Items), []string{"a", "bb", "c"})
}

// testDeleteAbsent deletes keys that hold nothing, were deleted already or
// hold an expired item: with Always, each succeeds.
func testDeleteAbsent(t *testing.T, s kv.Store, _ Features) {
	p := pk(t)
	if err := s.Delete(t.Context(), p, "never", kv.Always()); err != nil {
		t.Errorf("delete in an empty partition: %v", err)
	}
	put(t, s, item(p, "once"), kv.Always())
	for i := range 2 {
		if err := s.Delete(t.Context(), p, "once", kv.Always()); err != nil {
			t.Errorf("delete %d: %v", i+1, err)
		}
	}
	expired := item(p, "expired")
	expired.ExpiresAt = earlier()
	put(t, s, expired, kv.Always())
	if err := s.Delete(t.Context(), p, "expired", kv.Always()); err != nil {
		t.Errorf("delete an expired item: %v", err)
	}
	wantAbsent(t, s, p, "once")
	wantAbsent(t, s, p, "expired")
}

// testDeleteConditional walks one item through failing and holding
// conditional deletes (the conditions/delete table tries every condition).
func testDeleteConditional(t *testing.T, s kv.Store, _ Features) {
	p := pk(t)
	it := item(p, "k")
	it.Version = 7
	put(t, s, it, kv.Always())
	for _, cond := range []kv.Condition{kv.IfVersion(6), kv.IfVersionBelow(7), kv.IfAbsent()} {
		wantErr(t, s.Delete(t.Context(), p, "k", cond), kv.ErrConditionFailed, "failing delete")
		wantItem(t, s, it)
	}
	if err := s.Delete(t.Context(), p, "k", kv.IfVersion(7)); err != nil {
		t.Fatalf("delete if version 7: %v", err)
	}
	wantAbsent(t, s, p, "k")
	wantErr(t, s.Delete(t.Context(), p, "k", kv.IfExists()), kv.ErrConditionFailed, "delete if exists, once gone")
	wantErr(t, s.Delete(t.Context(), p, "k", kv.IfVersion(7)), kv.ErrConditionFailed, "delete if version 7, once gone")
}
