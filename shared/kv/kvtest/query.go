package kvtest

import (
	"fmt"
	"testing"

	"github.com/ordercenter/ordercenter/shared/kv"
)

func init() {
	suite = append(suite,
		testCase{"query/byte_order", testQueryOrder},
		testCase{"query/prefix_and_range", testQuerySelect},
		testCase{"query/limit", testQueryLimit},
		testCase{"query/other_partitions", testQueryPartitions},
		testCase{"query/empty_partition", testQueryEmpty},
	)
}

// ordered are sort keys in byte order (UTF-8 bytes, not letters: upper
// case before lower, "é" after "~"), which is the order of queries.
var ordered = []string{"B", "a", "a#1", "a#10", "a#2", "b", "ba", "b\u00e9", "c", "~", "\u00e9"}

// seedOrdered writes the ordered keys in a scrambled order.
func seedOrdered(t *testing.T, s kv.Store) string {
	t.Helper()
	p := pk(t)
	for _, i := range []int{6, 2, 9, 0, 7, 4, 10, 1, 8, 3, 5} {
		put(t, s, item(p, ordered[i]), kv.Always())
	}
	return p
}

func testQueryOrder(t *testing.T, s kv.Store, _ Features) {
	p := seedOrdered(t, s)
	page := query(t, s, kv.Query{PK: p, Limit: 20})
	wantItems(t, "forward", page.Items, items(p, ordered))
	wantKeys(t, "backward", sks(query(t, s, kv.Query{PK: p, Backward: true, Limit: 20}).Items), reversed(ordered))
}

// testQuerySelect tries prefixes and ranges (bounds inclusive, present in
// the partition or falling between its keys), forward and backward.
func testQuerySelect(t *testing.T, s kv.Store, _ Features) {
	p := seedOrdered(t, s)
	cases := []struct {
		prefix, from, to string
		want             []string
	}{
		{"b", "", "", []string{"b", "ba", "b\u00e9"}},
		{"a#1", "", "", []string{"a#1", "a#10"}},
		{"b\u00e9", "", "", []string{"b\u00e9"}},
		{"B", "", "", []string{"B"}},
		{"x", "", "", nil},
		{"", "b", "", []string{"b", "ba", "b\u00e9", "c", "~", "\u00e9"}},
		{"", "a#15", "", []string{"a#2", "b", "ba", "b\u00e9", "c", "~", "\u00e9"}},
		{"", "", "b", []string{"B", "a", "a#1", "a#10", "a#2", "b"}},
		{"", "", "a#15", []string{"B", "a", "a#1", "a#10"}},
		{"", "a#1", "ba", []string{"a#1", "a#10", "a#2", "b", "ba"}},
		{"", "b", "b", []string{"b"}},
		{"", "bb", "bz", nil},
		{"", "0", "\u00ff", ordered},
	}
	for _, c := range cases {
		q := kv.Query{PK: p, SKPrefix: c.prefix, SKFrom: c.from, SKTo: c.to, Limit: 20}
		name := fmt.Sprintf("prefix %q, from %q, to %q", c.prefix, c.from, c.to)
		page := query(t, s, q)
		wantKeys(t, name, sks(page.Items), c.want)
		q.Backward = true
		wantKeys(t, name+", backward", sks(query(t, s, q).Items), reversed(c.want))
		if page.Cursor != "" {
			t.Errorf("%s: cursor %q, though nothing follows", name, page.Cursor)
		}
	}
}

// testQueryLimit reads the first page in each direction at a few limits.
func testQueryLimit(t *testing.T, s kv.Store, _ Features) {
	p := seedOrdered(t, s)
	for _, limit := range []int{1, 3, len(ordered) - 1, len(ordered), kv.MaxPageLimit} {
		n := min(limit, len(ordered))
		fwd := query(t, s, kv.Query{PK: p, Limit: limit})
		wantKeys(t, fmt.Sprintf("limit %d", limit), sks(fwd.Items), ordered[:n])
		back := query(t, s, kv.Query{PK: p, Limit: limit, Backward: true})
		wantKeys(t, fmt.Sprintf("limit %d, backward", limit), sks(back.Items), reversed(ordered)[:n])
		for _, page := range []kv.Page{fwd, back} {
			if more := n < len(ordered); more != (page.Cursor != "") {
				t.Errorf("limit %d: cursor %q, want one: %v", limit, page.Cursor, more)
			}
		}
	}
}

// testQueryPartitions fills partitions whose keys extend one another: a
// query sees its own partition only, by either sort key.
func testQueryPartitions(t *testing.T, s kv.Store, _ Features) {
	base := pk(t)
	parts := []string{base, base + "/", base + "0", base + "00", base + "#"}
	for i, p := range parts {
		for j := range 3 {
			it := item(p, fmt.Sprintf("%s#%d", parts[0], j))
			it.SK2 = fmt.Sprintf("IDX#%d", j)
			it.Data = fmt.Appendf(nil, "partition %d", i)
			put(t, s, it, kv.Always())
		}
	}
	for _, p := range parts {
		for _, q := range []kv.Query{
			{PK: p, Limit: 20}, {PK: p, Limit: 20, Backward: true},
			{PK: p, SKPrefix: base, Limit: 20}, {PK: p, BySK2: true, Limit: 20},
		} {
			for _, it := range readAll(t, s, q, 3) {
				if it.PK != p {
					t.Errorf("query of %q returned an item of %q", p, it.PK)
				}
			}
		}
	}
}

// testQueryEmpty queries a partition with nothing in it.
func testQueryEmpty(t *testing.T, s kv.Store, _ Features) {
	p := pk(t)
	for _, q := range []kv.Query{
		{PK: p, Limit: 10},
		{PK: p, Limit: 1, Backward: true},
		{PK: p, Limit: 10, BySK2: true},
		{PK: p, Limit: 10, SKPrefix: "a"},
	} {
		page := query(t, s, q)
		if len(page.Items) != 0 || page.Cursor != "" {
			t.Errorf("query %+v of an empty partition: %d items, cursor %q", q, len(page.Items), page.Cursor)
		}
	}
}
