package dynamokv

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// TestConditionsOnServer writes under every condition over every kind of
// stored item and checks the server's verdict against kv.Condition.Holds.
// The store's clock is fixed half a second into a second, so that an item
// expiring at that very second counts as expired and one expiring the next
// second as live: the boundary kv.Expired draws.
func TestConditionsOnServer(t *testing.T) {
	s := newTestStore(t)
	now := time.Now().Add(time.Hour).Truncate(time.Second).Add(500 * time.Millisecond)
	s.now = func() time.Time { return now }
	states := map[string]*kv.Item{
		"absent":         nil,
		"live":           {Version: 5},
		"live, expiring": {Version: 5, ExpiresAt: now.Add(time.Second)},
		"expired now":    {Version: 5, ExpiresAt: now},
		"expired":        {Version: 5, ExpiresAt: now.Add(-time.Hour)},
	}
	conds := map[string]kv.Condition{
		"always": kv.Always(), "if absent": kv.IfAbsent(), "if exists": kv.IfExists(),
		"if version 5": kv.IfVersion(5), "if version 4": kv.IfVersion(4),
		"if version below 6": kv.IfVersionBelow(6), "if version below 5": kv.IfVersionBelow(5),
	}
	for state, stored := range states {
		for name, cond := range conds {
			for _, op := range []string{"put", "delete"} {
				t.Run(fmt.Sprintf("%s/%s/%s", op, state, name), func(t *testing.T) {
					checkCondition(t, s, op, stored, cond, now)
				})
			}
		}
	}
}

// checkCondition stores the item (none when stored is nil) under a key of
// the test's own, then puts or deletes under cond: the write must succeed
// exactly when cond holds.
func checkCondition(t *testing.T, s *Store, op string, stored *kv.Item, cond kv.Condition, now time.Time) {
	pk := t.Name()
	var old kv.Item
	if stored != nil {
		old = *stored
		old.PK, old.SK = pk, "k"
		if err := s.Put(t.Context(), old, kv.Always()); err != nil {
			t.Fatalf("seed: %v", err)
		}
	}
	var err error
	if op == "put" {
		err = s.Put(t.Context(), kv.Item{PK: pk, SK: "k", Version: 9}, cond)
	} else {
		err = s.Delete(t.Context(), pk, "k", cond)
	}
	switch want := cond.Holds(old, stored != nil, now); {
	case want && err != nil:
		t.Errorf("%s: %v, want success", op, err)
	case !want && !errors.Is(err, kv.ErrConditionFailed):
		t.Errorf("%s: %v, want %v", op, err, kv.ErrConditionFailed)
	}
}

// TestConditionExpr checks the expressions themselves: only the names and
// values they use, and none for Always.
func TestConditionExpr(t *testing.T) {
	now := time.Unix(1_700_000_000, 900_000_000)
	if _, ok := conditionExpr(kv.Always(), now); ok {
		t.Errorf("Always has an expression")
	}
	for _, c := range []struct {
		cond  kv.Condition
		want  string
		names int
	}{
		{kv.IfAbsent(), exprNotLive, 2},
		{kv.IfExists(), exprLive, 2},
		{kv.IfVersion(3), "(" + exprLive + ") AND #v = :v", 3},
		{kv.IfVersionBelow(3), "(" + exprNotLive + ") OR #v < :v", 3},
	} {
		ce, ok := conditionExpr(c.cond, now)
		if !ok || ce.expr != c.want {
			t.Errorf("expression %q, want %q", ce.expr, c.want)
		}
		if len(ce.names) != c.names || len(ce.values) != c.names-1 {
			t.Errorf("%q: %d names and %d values", ce.expr, len(ce.names), len(ce.values))
		}
		if got, _ := ce.values[":now"].(*types.AttributeValueMemberN); got == nil || got.Value != "1700000000" {
			t.Errorf("%q: :now is %v, want 1700000000 (whole seconds)", ce.expr, got)
		}
	}
}
