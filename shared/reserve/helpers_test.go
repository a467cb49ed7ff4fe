package reserve

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ordercenter/ordercenter/shared/clocktest"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/redistest"
)

// newReserver makes a reserver over rdb and a fresh bolt store of its own.
func newReserver(t *testing.T, rdb redis.UniversalClient, c *clocktest.Clock, maxUnpaid int) *Reserver {
	repo := orderstore.New(backends.Bolt(t), orderstore.Options{Now: c.Now})
	return New(rdb, Config{Prefix: redistest.Prefix(t), MaxUnpaid: maxUnpaid, Now: c.Now, Store: repo})
}

// repoOf is the reserver's store.
func repoOf(r *Reserver) *orderstore.Repository { return r.cfg.Store.(*orderstore.Repository) }

func orderID(now time.Time) string { return order.NewID(now) }

func request(c *clocktest.Clock, user string, lines ...Line) Request {
	now := c.Now()
	return Request{OrderID: orderID(now), UserID: user, StoreID: "s-1", Day: "2026-11-21",
		Lines: lines, PayDeadline: now.Add(15 * time.Minute)}
}

// counter is the units of the sku Redis counts as held.
func counter(t *testing.T, r *Reserver, sku string) int {
	t.Helper()
	n, err := r.rdb.BitCount(context.Background(), r.k.stock("s-1", "2026-11-21", sku), nil).Result()
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

// held is the units of the sku the store holds.
func held(t *testing.T, r *Reserver, sku string) int {
	t.Helper()
	owners, err := repoOf(r).SlotOwners(context.Background(), orderstore.StockSlots("s-1", "2026-11-21", sku))
	if err != nil {
		t.Fatal(err)
	}
	return len(owners)
}

// newOrder makes a valid new order of the user with the lines.
func newOrder(t *testing.T, now time.Time, id, user string, lines ...order.Line) *order.Order {
	t.Helper()
	var items int64
	for _, l := range lines {
		items += l.Subtotal
	}
	o, err := order.New(order.Draft{ID: id, UserID: user, StoreID: "s-1", StoreDay: "2026-11-21",
		Lines: lines, Amounts: order.Amounts{Items: items, Total: max(items, 1)},
		Delivery:    order.Delivery{Name: "Li", Phone: "13800001234", Address: "1 Road"},
		PayDeadline: now.Add(15 * time.Minute)}, now)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func line(sku string, qty int) order.Line {
	return order.Line{SKU: sku, Name: sku, Qty: qty, UnitPrice: 100, Subtotal: int64(qty) * 100}
}

func mustCreate(t *testing.T, repo *orderstore.Repository, o *order.Order) {
	t.Helper()
	if _, err := repo.Create(context.Background(), o); err != nil {
		t.Fatal(fmt.Errorf("create: %w", err))
	}
}
