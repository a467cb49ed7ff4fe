package kvtest

import (
	"strings"
	"testing"

	"github.com/ordercenter/ordercenter/shared/kv"
)

func init() {
	suite = append(suite,
		testCase{"cursor/garbage", testCursorGarbage},
		testCase{"cursor/other_partition", testCursorOtherPartition},
		testCase{"cursor/other_index", testCursorOtherIndex},
		testCase{"query/invalid_shapes", testQueryInvalid},
	)
}

// seedCursors writes three items with an SK2 and returns the partition and
// the cursors after the first item, by SK and by SK2.
func seedCursors(t *testing.T, s kv.Store, p string) (bySK, bySK2 string) {
	t.Helper()
	for _, sk := range []string{"a", "b", "c"} {
		it := item(p, sk)
		it.SK2 = "IDX#" + sk
		put(t, s, it, kv.Always())
	}
	bySK = query(t, s, kv.Query{PK: p, Limit: 1}).Cursor
	bySK2 = query(t, s, kv.Query{PK: p, BySK2: true, Limit: 1}).Cursor
	if bySK == "" || bySK2 == "" {
		t.Fatalf("no cursor after the first of three items: %q, %q", bySK, bySK2)
	}
	return bySK, bySK2
}

// testCursorGarbage continues queries with cursors no query made.
func testCursorGarbage(t *testing.T, s kv.Store, _ Features) {
	p := pk(t)
	bySK, bySK2 := seedCursors(t, s, p)
	for _, c := range []string{"not a cursor!", "%%%%", "e30", "AAAA", bySK[:len(bySK)/2], bySK2[:len(bySK2)/2]} {
		for _, q := range []kv.Query{
			{PK: p, Limit: 5, Cursor: c},
			{PK: p, Limit: 5, Cursor: c, BySK2: true},
			{PK: p, Limit: 5, Cursor: c, Backward: true},
		} {
			page, err := s.Query(t.Context(), q)
			wantErr(t, err, kv.ErrInvalidCursor, "cursor "+c)
			if len(page.Items) != 0 {
				t.Errorf("cursor %q: %d items with the error", c, len(page.Items))
			}
		}
	}
}

// testCursorOtherPartition continues a query of one partition with the
// cursor of another, whose key begins like it.
func testCursorOtherPartition(t *testing.T, s kv.Store, _ Features) {
	p := pk(t)
	bySK, bySK2 := seedCursors(t, s, p+"x")
	seedCursors(t, s, p)
	for _, q := range []kv.Query{
		{PK: p, Limit: 5, Cursor: bySK},
		{PK: p, Limit: 5, Cursor: bySK, Backward: true},
		{PK: p, Limit: 5, Cursor: bySK2, BySK2: true},
		{PK: p, Limit: 5, Cursor: bySK, SKPrefix: "b"},
	} {
		_, err := s.Query(t.Context(), q)
		wantErr(t, err, kv.ErrInvalidCursor, "cursor of another partition")
	}
}

// testCursorOtherIndex continues a query by SK2 with a cursor of a query by
// SK, and the other way round.
func testCursorOtherIndex(t *testing.T, s kv.Store, _ Features) {
	p := pk(t)
	bySK, bySK2 := seedCursors(t, s, p)
	_, err := s.Query(t.Context(), kv.Query{PK: p, Limit: 5, Cursor: bySK, BySK2: true})
	wantErr(t, err, kv.ErrInvalidCursor, "cursor by SK in a query by SK2")
	_, err = s.Query(t.Context(), kv.Query{PK: p, Limit: 5, Cursor: bySK2})
	wantErr(t, err, kv.ErrInvalidCursor, "cursor by SK2 in a query by SK")
	wantKeys(t, "by SK, continued", sks(query(t, s, kv.Query{PK: p, Limit: 5, Cursor: bySK}).Items), []string{"b", "c"})
	wantKeys(t, "by SK2, continued", sk2s(query(t, s, kv.Query{PK: p, Limit: 5, Cursor: bySK2, BySK2: true}).Items), []string{"IDX#b", "IDX#c"})
}

// testQueryInvalid sends queries of shapes the contract refuses, and the
// extreme shapes it accepts.
func testQueryInvalid(t *testing.T, s kv.Store, _ Features) {
	p := pk(t)
	put(t, s, item(p, "b"), kv.Always())
	for name, q := range map[string]kv.Query{
		"limit 0":           {PK: p},
		"negative limit":    {PK: p, Limit: -1},
		"limit too high":    {PK: p, Limit: kv.MaxPageLimit + 1},
		"empty PK":          {Limit: 5},
		"PK too long":       {PK: strings.Repeat("p", kv.MaxPKBytes+1), Limit: 5},
		"prefix and from":   {PK: p, SKPrefix: "a", SKFrom: "a", Limit: 5},
		"prefix and to":     {PK: p, SKPrefix: "a", SKTo: "b", Limit: 5},
		"from after to":     {PK: p, SKFrom: "b", SKTo: "a", Limit: 5},
		"by SK2, limit 0":   {PK: p, BySK2: true},
		"by SK2, from > to": {PK: p, BySK2: true, SKFrom: "z", SKTo: "y", Limit: 5},
	} {
		_, err := s.Query(t.Context(), q)
		wantErr(t, err, kv.ErrInvalidQuery, name)
	}
	for name, q := range map[string]kv.Query{
		"limit 1":            {PK: p, Limit: 1},
		"highest limit":      {PK: p, Limit: kv.MaxPageLimit},
		"from equals to":     {PK: p, SKFrom: "b", SKTo: "b", Limit: 5},
		"longest PK, absent": {PK: strings.Repeat("p", kv.MaxPKBytes), Limit: 5},
	} {
		if _, err := s.Query(t.Context(), q); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
