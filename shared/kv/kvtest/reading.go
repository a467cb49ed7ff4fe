package kvtest

import (
	"fmt"
	"slices"
	"testing"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// query reads one page and stops the test if that fails.
func query(t *testing.T, s kv.Store, q kv.Query) kv.Page {
	t.Helper()
	page, err := s.Query(t.Context(), q)
	if err != nil {
		t.Fatalf("query %+v: %v", q, err)
	}
	if len(page.Items) > q.Limit {
		t.Fatalf("query %+v: %d items, more than the limit", q, len(page.Items))
	}
	return page
}

// readAll reads every page of q, which should select want items in all, and
// checks the cursor contract on the way: a page holds at most Limit items
// (possibly fewer), and its cursor is empty exactly when nothing follows, so
// an empty cursor before the last item is a loss and a cursor after it (even
// on a page that ends exactly at the last item) a broken promise.
func readAll(t *testing.T, s kv.Store, q kv.Query, want int) []kv.Item {
	t.Helper()
	var all []kv.Item
	seen := map[string]bool{}
	for n := 1; ; n++ {
		page := query(t, s, q)
		all = append(all, page.Items...)
		switch {
		case page.Cursor == "" && len(all) < want:
			t.Fatalf("page %d: empty cursor after %d of %d items", n, len(all), want)
		case page.Cursor == "":
			return all
		case len(all) >= want:
			t.Fatalf("page %d: cursor after all %d items, though nothing follows", n, len(all))
		case seen[page.Cursor] || n > 2*want+10:
			t.Fatalf("page %d: cursor %q repeats or pages never end", n, page.Cursor)
		}
		seen[page.Cursor] = true
		q.Cursor = page.Cursor
	}
}

// sks lists the items' sort keys; sk2s their second sort keys.
func sks(items []kv.Item) []string {
	keys := make([]string, len(items))
	for i, it := range items {
		keys[i] = it.SK
	}
	return keys
}

func sk2s(items []kv.Item) []string {
	keys := make([]string, len(items))
	for i, it := range items {
		keys[i] = it.SK2
	}
	return keys
}

// wantKeys checks keys against the expected ones, in order, and names the
// first difference.
func wantKeys(t *testing.T, what string, got, want []string) {
	t.Helper()
	if slices.Equal(got, want) {
		return
	}
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			t.Errorf("%s: key %d is %q, want %q (%d keys, want %d)", what, i, got[i], want[i], len(got), len(want))
			return
		}
	}
	t.Errorf("%s: %d keys, want %d; got %s", what, len(got), len(want), ends(got))
}

// ends shows the first and last few keys of a long list.
func ends(keys []string) string {
	if len(keys) <= 8 {
		return fmt.Sprintf("%q", keys)
	}
	return fmt.Sprintf("%q ... %q", keys[:4], keys[len(keys)-4:])
}

// reversed returns a reversed copy of keys.
func reversed(keys []string) []string {
	r := slices.Clone(keys)
	slices.Reverse(r)
	return r
}

// numbered returns n keys prefix0000, prefix0001, ... in ascending order.
func numbered(prefix string, n int) []string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = fmt.Sprintf("%s%04d", prefix, i)
	}
	return keys
}

// items makes a plain item for each sort key.
func items(p string, keys []string) []kv.Item {
	its := make([]kv.Item, len(keys))
	for i, sk := range keys {
		its[i] = item(p, sk)
	}
	return its
}
