package reserve

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/clocktest"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/redistest"
)

// rebuilds records what a reserver tells Config.Rebuilt.
type rebuilds struct {
	mu   sync.Mutex
	what []string
}

func (r *rebuilds) add(_ context.Context, what string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.what = append(r.what, what)
}

// After Redis lost everything, the standing is counted again from the
// store and a release finds the hold's parts from its order: each told
// once, as the backstop's rebuilds.
func TestRebuildsFromTheStoreAreTold(t *testing.T) {
	rdb, c, got := redistest.Own(t), clocktest.New(time.Now()), &rebuilds{}
	repo := orderstore.New(backends.Bolt(t), orderstore.Options{Now: c.Now})
	r := New(rdb, Config{Now: c.Now, Store: repo, Rebuilt: got.add})
	ctx := context.Background()
	req := request(c, "u-rebuilt", Line{"sku-1", 1, 10})
	if err := r.Hold(ctx, req); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, repo, newOrder(t, c.Now(), req.OrderID, "u-rebuilt", line("sku-1", 1)))
	if err := rdb.FlushAll(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	if _, err := r.FirstOrder(ctx, "u-rebuilt", repo); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Release(ctx, req.OrderID, true); err != nil {
		t.Fatal(err)
	}
	if want := []string{RebuiltStanding, RebuiltHold}; !slices.Equal(got.what, want) {
		t.Errorf("rebuilds told %v, want %v", got.what, want)
	}
}
