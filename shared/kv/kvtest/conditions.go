package kvtest

import (
	"testing"

	"github.com/ordercenter/ordercenter/shared/kv"
)

func init() {
	suite = append(suite,
		testCase{"conditions/put", testConditionalPut},
		testCase{"conditions/delete", testConditionalDelete},
		testCase{"conditions/version_zero", testVersionZero},
	)
}

// condRow is one condition tried against one state of the stored item: a
// live item of version 3 (without expiry or expiring later), an expired
// item of version 3 (which counts as absent), or none.
type condRow struct {
	state string
	name  string
	cond  kv.Condition
	holds bool
}

var condRows = []condRow{
	{"absent", "Always", kv.Always(), true},
	{"absent", "IfAbsent", kv.IfAbsent(), true},
	{"absent", "IfExists", kv.IfExists(), false},
	{"absent", "IfVersion(0)", kv.IfVersion(0), false},
	{"absent", "IfVersion(3)", kv.IfVersion(3), false},
	{"absent", "IfVersionBelow(1)", kv.IfVersionBelow(1), true},
	{"live", "Always", kv.Always(), true},
	{"live", "IfAbsent", kv.IfAbsent(), false},
	{"live", "IfExists", kv.IfExists(), true},
	{"live", "IfVersion(3)", kv.IfVersion(3), true},
	{"live", "IfVersion(2)", kv.IfVersion(2), false},
	{"live", "IfVersion(4)", kv.IfVersion(4), false},
	{"live", "IfVersionBelow(4)", kv.IfVersionBelow(4), true},
	{"live", "IfVersionBelow(3)", kv.IfVersionBelow(3), false},
	{"live", "IfVersionBelow(2)", kv.IfVersionBelow(2), false},
	{"expiring_later", "Always", kv.Always(), true},
	{"expiring_later", "IfAbsent", kv.IfAbsent(), false},
	{"expiring_later", "IfExists", kv.IfExists(), true},
	{"expiring_later", "IfVersion(3)", kv.IfVersion(3), true},
	{"expiring_later", "IfVersion(2)", kv.IfVersion(2), false},
	{"expiring_later", "IfVersionBelow(4)", kv.IfVersionBelow(4), true},
	{"expiring_later", "IfVersionBelow(3)", kv.IfVersionBelow(3), false},
	{"expired", "Always", kv.Always(), true},
	{"expired", "IfAbsent", kv.IfAbsent(), true},
	{"expired", "IfExists", kv.IfExists(), false},
	{"expired", "IfVersion(3)", kv.IfVersion(3), false},
	{"expired", "IfVersionBelow(3)", kv.IfVersionBelow(3), true},
	{"expired", "IfVersionBelow(2)", kv.IfVersionBelow(2), true},
}

// setUpState stores the row's state under a fresh key, next to a neighbour
// that no write may touch, and returns the stored item and whether it is
// live.
func setUpState(t *testing.T, s kv.Store, state string) (old, neighbour kv.Item, live bool) {
	t.Helper()
	p := pk(t)
	neighbour = kv.Item{PK: p, SK: "target#2", SK2: "IDX#n", Version: 3, Data: []byte("neighbour")}
	put(t, s, neighbour, kv.Always())
	old = kv.Item{PK: p, SK: "target", SK2: "IDX#old", Version: 3, Data: []byte("old")}
	switch state {
	case "absent":
		return old, neighbour, false
	case "expiring_later":
		old.ExpiresAt = later()
	case "expired":
		old.ExpiresAt = earlier()
	}
	put(t, s, old, kv.Always())
	return old, neighbour, state != "expired"
}

// wantState checks that the key holds it when live, nothing otherwise.
func wantState(t *testing.T, s kv.Store, it kv.Item, live bool) {
	t.Helper()
	if live {
		wantItem(t, s, it)
	} else {
		wantAbsent(t, s, it.PK, it.SK)
	}
}

func testConditionalPut(t *testing.T, s kv.Store, _ Features) {
	for _, row := range condRows {
		t.Run(row.state+"/"+row.name, func(t *testing.T) {
			t.Parallel()
			old, neighbour, live := setUpState(t, s, row.state)
			next := kv.Item{PK: old.PK, SK: old.SK, SK2: "IDX#new", Version: 9, Data: []byte("new")}
			err := s.Put(t.Context(), next, row.cond)
			if row.holds {
				if err != nil {
					t.Fatalf("put when the condition holds: %v", err)
				}
				wantItem(t, s, next)
			} else {
				wantErr(t, err, kv.ErrConditionFailed, "put when the condition fails")
				wantState(t, s, old, live)
			}
			wantItem(t, s, neighbour)
		})
	}
}

func testConditionalDelete(t *testing.T, s kv.Store, _ Features) {
	for _, row := range condRows {
		t.Run(row.state+"/"+row.name, func(t *testing.T) {
			t.Parallel()
			old, neighbour, live := setUpState(t, s, row.state)
			err := s.Delete(t.Context(), old.PK, old.SK, row.cond)
			if row.holds {
				if err != nil {
					t.Fatalf("delete when the condition holds: %v", err)
				}
				wantAbsent(t, s, old.PK, old.SK)
			} else {
				wantErr(t, err, kv.ErrConditionFailed, "delete when the condition fails")
				wantState(t, s, old, live)
			}
			wantItem(t, s, neighbour)
		})
	}
}

// testVersionZero checks that version 0 is a version like any other, not a
// missing one: IfVersion(0) holds of a live item of version 0.
func testVersionZero(t *testing.T, s kv.Store, _ Features) {
	p := pk(t)
	zero := kv.Item{PK: p, SK: "v0", Data: []byte("zero")}
	put(t, s, zero, kv.IfAbsent())
	wantItem(t, s, zero)
	one := kv.Item{PK: p, SK: "v0", Version: 1, Data: []byte("one")}
	wantErr(t, s.Put(t.Context(), one, kv.IfVersionBelow(0)), kv.ErrConditionFailed, "put if version below 0")
	wantErr(t, s.Put(t.Context(), one, kv.IfVersion(1)), kv.ErrConditionFailed, "put if version 1")
	put(t, s, one, kv.IfVersion(0))
	wantItem(t, s, one)
	put(t, s, zero, kv.IfVersionBelow(2))
	wantItem(t, s, zero)
	wantErr(t, s.Delete(t.Context(), p, "v0", kv.IfVersion(1)), kv.ErrConditionFailed, "delete if version 1")
	if err := s.Delete(t.Context(), p, "v0", kv.IfVersion(0)); err != nil {
		t.Fatalf("delete if version 0: %v", err)
	}
	wantAbsent(t, s, p, "v0")
}
