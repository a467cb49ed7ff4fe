package main

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/app"
	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/order/orderstore/orderstoretest"
)

// An operator shards a hot store, sees a day pinned to it, and reshards
// that day: the list still holds every order, newest first, from the new
// layout.
func TestStoreShardsAndReshard(t *testing.T) {
	backends.Each(t, func(t *testing.T, s kv.Store) {
		must := func(args ...string) string {
			t.Helper()
			code, stdout, stderr := storeTask(t, s, args...)
			if code != 0 {
				t.Fatalf("ocadmin %s: exit %d\n%s%s", strings.Join(args, " "), code, stdout, stderr)
			}
			return stdout
		}
		wantOutput(t, must("store", "shards", "--store", "s-hot", "--count", "4"), "new days spread over 4 shards")
		// No layout cache: --settle 100ms covers its writes and lists.
		repo := orderstore.New(s, orderstore.Options{Logger: slog.New(slog.DiscardHandler), LayoutTTL: -1})
		now := time.Now()
		var ids []string
		for i := range 30 {
			rec := orderstoretest.Place(t, repo, orderstoretest.Spec{StoreID: "s-hot", Now: now.Add(time.Duration(i) * time.Second)})
			ids = append([]string{rec.OrderID}, ids...)
		}
		wantOutput(t, must("store", "layout", "--store", "s-hot", "--day", "2026-11-21"), "2026-11-21: 4 shards")
		out := must("store", "reshard", "--store", "s-hot", "--day", "2026-11-21", "--count", "2", "--settle", "100ms")
		wantOutput(t, out, "copying 4 shards into 2", "2 shards (was 4): 30 copies written, 30 deleted")
		wantOutput(t, must("store", "layout", "--store", "s-hot", "--day", "2026-11-21"), "2026-11-21: 2 shards")
		wantOutput(t, must("store", "shards", "--store", "s-hot"), "new days spread over 4 shards")
		page, err := repo.ListByStore(context.Background(), "s-hot", "2026-11-21", order.Status{}, 100, "")
		if err != nil || len(page.Orders) != len(ids) {
			t.Fatalf("list: %v, %d orders, want %d", err, len(page.Orders), len(ids))
		}
		for i, o := range page.Orders {
			if o.OrderID != ids[i] {
				t.Fatalf("order %d listed is %s, want %s", i, o.OrderID, ids[i])
			}
		}
	})
}

func TestStoreUsage(t *testing.T) {
	s := backends.Bolt(t)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"store"}, 2, "reshard"},
		{[]string{"store", "reshard", "--store", "s-1", "--count", "2"}, 2, "give --day"},
		{[]string{"store", "reshard", "--store", "s-1", "--day", "2026-11-21"}, 2, "give --count"},
		{[]string{"store", "shards", "--store", "s-1", "--count", "65"}, 1, "shard count must be 1 to 64"},
	} {
		code, stdout, stderr := storeTask(t, s, c.args...)
		if code != c.code || !strings.Contains(stdout+stderr, c.want) {
			t.Errorf("ocadmin %q: exit %d, output %q; want exit %d and %q", c.args, code, stdout+stderr, c.code, c.want)
		}
	}
}

// storeTask runs ocadmin over the store, with an environment naming
// nothing else.
func storeTask(t *testing.T, s kv.Store, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := env{stdout: &out, stderr: &errOut, getenv: func(string) string { return "" },
		parts: []app.Option{app.WithStore(s)}}
	code = run(t.Context(), args, e)
	return code, out.String(), errOut.String()
}

func wantOutput(t *testing.T, out string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("output %q lacks %q", out, w)
		}
	}
}
