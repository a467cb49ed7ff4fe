package kvtest

import (
	"fmt"
	"slices"
	"testing"

	"github.com/ordercenter/ordercenter/shared/kv"
)

func init() {
	suite = append(suite,
		testCase{"sk2/order_prefix_and_range", testSK2Select},
		testCase{"sk2/paginate", testSK2Paginate},
		testCase{"sk2/paginate_ties", testSK2Ties},
		testCase{"sk2/move_and_remove", testSK2Move},
	)
}

// testSK2Select queries orders by status, the use the second sort key was
// made for: only items with an SK2, in its order, selected by it.
func testSK2Select(t *testing.T, s kv.Store, _ Features) {
	p := pk(t)
	byStatus := map[string]kv.Item{}
	for i, sk2 := range []string{"PAID#0003", "ACCEPTED#0001", "", "PAID#0001", "ACCEPTED#0002", "PAID#0002", "", "PAIDX"} {
		it := kv.Item{PK: p, SK: fmt.Sprintf("ORDER#%d", i), SK2: sk2, Version: int64(i), Data: []byte(sk2)}
		put(t, s, it, kv.Always())
		byStatus[sk2] = it
	}
	all := []string{"ACCEPTED#0001", "ACCEPTED#0002", "PAID#0001", "PAID#0002", "PAID#0003", "PAIDX"}
	cases := []struct {
		prefix, from, to string
		want             []string
	}{
		{"", "", "", all},
		{"PAID#", "", "", all[2:5]},
		{"ACCEPTED#", "", "", all[:2]},
		{"PAID", "", "", all[2:]},
		{"ORDER#", "", "", nil},
		{"", "ACCEPTED#0002", "PAID#0002", all[1:4]},
		{"", "PAID#", "", all[2:]},
		{"", "", "ACCEPTED#9", all[:2]},
	}
	for _, c := range cases {
		var want []kv.Item
		for _, sk2 := range c.want {
			want = append(want, byStatus[sk2])
		}
		q := kv.Query{PK: p, BySK2: true, SKPrefix: c.prefix, SKFrom: c.from, SKTo: c.to, Limit: 20}
		name := fmt.Sprintf("prefix %q, from %q, to %q", c.prefix, c.from, c.to)
		wantItems(t, name, readAll(t, s, q, len(want)), want)
		q.Backward = true
		wantKeys(t, name+", backward", sk2s(readAll(t, s, q, len(want))), reversed(c.want))
	}
}

// testSK2Paginate pages by SK2, whose order is the reverse of the sort
// key's, in a partition where a third of the items have no SK2.
func testSK2Paginate(t *testing.T, s kv.Store, f Features) {
	p := pk(t)
	n := volume(f, 230, 60)
	var all []kv.Item
	var want, paid []string
	for i := range n {
		it := item(p, fmt.Sprintf("ORDER#%04d", i))
		switch i % 3 {
		case 1:
			it.SK2 = fmt.Sprintf("PAID#%04d", n-i)
			paid = append(paid, it.SK2)
		case 2:
			it.SK2 = fmt.Sprintf("ACCEPTED#%04d", n-i)
		}
		all = append(all, it)
		if it.SK2 != "" {
			want = append(want, it.SK2)
		}
	}
	seed(t, s, all)
	slices.Sort(want)
	slices.Sort(paid)
	for _, c := range []struct {
		prefix string
		want   []string
	}{{"", want}, {"PAID#", paid}} {
		q := kv.Query{PK: p, BySK2: true, SKPrefix: c.prefix, Limit: 7}
		wantKeys(t, fmt.Sprintf("prefix %q", c.prefix), sk2s(readAll(t, s, q, len(c.want))), c.want)
		q.Backward = true
		wantKeys(t, fmt.Sprintf("prefix %q, backward", c.prefix), sk2s(readAll(t, s, q, len(c.want))), reversed(c.want))
	}
}

// testSK2Ties pages by an SK2 that many items share, with page boundaries
// inside each run of equal keys: every item comes exactly once, in SK2
// order; the order among equal keys is not specified.
func testSK2Ties(t *testing.T, s kv.Store, f Features) {
	p := pk(t)
	n := volume(f, 45, 21)
	var all []kv.Item
	for i := range n {
		it := item(p, fmt.Sprintf("ORDER#%02d", (i*11)%n))
		it.SK2 = fmt.Sprintf("TIE#%d", i%3)
		all = append(all, it)
	}
	seed(t, s, all)
	for _, limit := range []int{1, 4, 7} {
		for _, backward := range []bool{false, true} {
			q := kv.Query{PK: p, BySK2: true, SKPrefix: "TIE#", Limit: limit, Backward: backward}
			got := readAll(t, s, q, len(all))
			wantOnce(t, fmt.Sprintf("limit %d, backward %v", limit, backward), got, all, backward)
		}
	}
}

// wantOnce checks that got holds each wanted item exactly once, in SK2
// order.
func wantOnce(t *testing.T, what string, got, want []kv.Item, backward bool) {
	t.Helper()
	order := sk2s(want)
	slices.Sort(order)
	if backward {
		slices.Reverse(order)
	}
	wantKeys(t, what+": SK2 order", sk2s(got), order)
	count := map[string]int{}
	for _, it := range got {
		count[it.SK]++
	}
	for _, it := range want {
		if count[it.SK] != 1 {
			t.Errorf("%s: item %q came %d times, want once", what, it.SK, count[it.SK])
		}
	}
}
