package kvtest

import (
	"fmt"
	"slices"
	"testing"

	"github.com/ordercenter/ordercenter/shared/kv"
)

func init() {
	suite = append(suite,
		testCase{"paginate/whole_partition", testPaginateAll},
		testCase{"paginate/prefix_and_range", testPaginateSelect},
		testCase{"paginate/limit_equals_count", testPaginateOnePage},
		testCase{"paginate/pages_end_exactly", testPaginateExact},
		testCase{"paginate/cursor_after_deleted_item", testPaginateDeleted},
	)
}

// seedPages writes n items "item#0000"... between items of lower and
// higher sort keys, and returns the partition and the n keys.
func seedPages(t *testing.T, s kv.Store, n int) (string, []string) {
	t.Helper()
	p := pk(t)
	keys := numbered("item#", n)
	seed(t, s, slices.Concat(items(p, numbered("head#", n/4)), items(p, keys), items(p, numbered("tail#", n/4))))
	return p, keys
}

// testPaginateAll reads a whole partition seven items at a time, forward
// and backward: every item exactly once, in order.
func testPaginateAll(t *testing.T, s kv.Store, f Features) {
	p := pk(t)
	keys := numbered("k", volume(f, 230, 60))
	seed(t, s, items(p, keys))
	got := readAll(t, s, kv.Query{PK: p, Limit: 7}, len(keys))
	wantItems(t, "forward", got, items(p, keys))
	got = readAll(t, s, kv.Query{PK: p, Limit: 7, Backward: true}, len(keys))
	wantKeys(t, "backward", sks(got), reversed(keys))
}

// testPaginateSelect pages through a prefix and ranges that start and end
// within the partition.
func testPaginateSelect(t *testing.T, s kv.Store, f Features) {
	p, keys := seedPages(t, s, volume(f, 230, 60))
	n := len(keys)
	cases := []struct {
		q    kv.Query
		want []string
	}{
		{kv.Query{SKPrefix: "item#"}, keys},
		{kv.Query{SKFrom: keys[10], SKTo: keys[n-11]}, keys[10 : n-10]},
		{kv.Query{SKFrom: "item#"}, slices.Concat(keys, numbered("tail#", n/4))},
		{kv.Query{SKTo: keys[n-1]}, slices.Concat(numbered("head#", n/4), keys)},
	}
	for _, c := range cases {
		q := c.q
		q.PK, q.Limit = p, 7
		name := fmt.Sprintf("prefix %q, from %q, to %q", q.SKPrefix, q.SKFrom, q.SKTo)
		wantKeys(t, name, sks(readAll(t, s, q, len(c.want))), c.want)
		q.Backward = true
		wantKeys(t, name+", backward", sks(readAll(t, s, q, len(c.want))), reversed(c.want))
	}
}

// testPaginateOnePage reads a selection with a limit equal to its size, one
// above and one below.
func testPaginateOnePage(t *testing.T, s kv.Store, _ Features) {
	p, keys := seedPages(t, s, 40)
	for _, backward := range []bool{false, true} {
		want := keys
		if backward {
			want = reversed(keys)
		}
		for _, limit := range []int{len(keys), len(keys) + 1} {
			page := query(t, s, kv.Query{PK: p, SKPrefix: "item#", Limit: limit, Backward: backward})
			wantKeys(t, fmt.Sprintf("limit %d", limit), sks(page.Items), want)
			if page.Cursor != "" {
				t.Errorf("limit %d, backward %v: cursor %q, though nothing follows", limit, backward, page.Cursor)
			}
		}
		q := kv.Query{PK: p, SKPrefix: "item#", Limit: len(keys) - 1, Backward: backward}
		wantKeys(t, "limit one below", sks(readAll(t, s, q, len(keys))), want)
	}
}

// testPaginateExact reads selections whose size is a multiple of the limit:
// the page holding the last item says that nothing follows.
func testPaginateExact(t *testing.T, s kv.Store, _ Features) {
	p, keys := seedPages(t, s, 28)
	all := slices.Concat(numbered("head#", 7), keys, numbered("tail#", 7))
	for _, limit := range []int{1, 2, 4, 7, 14, 28} {
		for _, c := range []struct {
			q    kv.Query
			want []string
		}{
			{kv.Query{SKPrefix: "item#"}, keys},
			{kv.Query{SKPrefix: "item#", Backward: true}, reversed(keys)},
			{kv.Query{SKFrom: keys[0], SKTo: keys[27]}, keys},
			{kv.Query{Backward: true}, reversed(all)},
		} {
			q := c.q
			q.PK, q.Limit = p, limit
			wantKeys(t, fmt.Sprintf("limit %d, %+v", limit, c.q), sks(readAll(t, s, q, len(c.want))), c.want)
		}
	}
}

// testPaginateDeleted deletes the last item of a page before reading the
// next: the cursor still continues right after it.
func testPaginateDeleted(t *testing.T, s kv.Store, _ Features) {
	p := pk(t)
	live := numbered("k", 10)
	seed(t, s, items(p, live))
	for _, backward := range []bool{false, true} {
		page := query(t, s, kv.Query{PK: p, Limit: 3, Backward: backward})
		if len(page.Items) == 0 || page.Cursor == "" {
			t.Fatalf("first page: %d items, cursor %q", len(page.Items), page.Cursor)
		}
		last := page.Items[len(page.Items)-1].SK
		if err := s.Delete(t.Context(), p, last, kv.Always()); err != nil {
			t.Fatalf("delete: %v", err)
		}
		live = slices.DeleteFunc(live, func(k string) bool { return k == last })
		want := slices.DeleteFunc(slices.Clone(live), func(k string) bool { return k < last })
		if backward {
			want = reversed(slices.DeleteFunc(slices.Clone(live), func(k string) bool { return k > last }))
		}
		q := kv.Query{PK: p, Limit: 3, Backward: backward, Cursor: page.Cursor}
		wantKeys(t, fmt.Sprintf("after %q", last), sks(readAll(t, s, q, len(want))), want)
	}
}
