package function

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/reserve"
)

// crashingOrders dies (panics) or loses its answer around one create.
type crashingOrders struct {
	Orders
	crashBefore, crashAfter, loseAnswer atomic.Bool
}

type crash struct{}

func (c *crashingOrders) CreateOnce(ctx context.Context, o *order.Order, k orderstore.KeyRecord) (orderstore.KeyRecord, error) {
	if c.crashBefore.CompareAndSwap(true, false) {
		panic(crash{})
	}
	got, err := c.Orders.CreateOnce(ctx, o, k)
	if c.crashAfter.CompareAndSwap(true, false) {
		panic(crash{})
	}
	if c.loseAnswer.CompareAndSwap(true, false) {
		return orderstore.KeyRecord{}, errors.New("store timed out")
	}
	return got, err
}

func crashingEnv(t *testing.T, opts ...option) (*env, *crashingOrders) {
	return crashingEnvOn(t, backends.Bolt(t), opts...)
}

func crashingEnvOn(t *testing.T, store kv.Store, opts ...option) (*env, *crashingOrders) {
	var c *crashingOrders
	e := newEnv(t, store, append(opts, func(d *Deps) {
		c = &crashingOrders{Orders: d.Orders}
		d.Orders = c
	})...)
	return e, c
}

// callCrashing places an order in a process that dies on the way.
func (e *env) callCrashing(user, key, body string) {
	defer func() {
		if _, ok := recover().(crash); !ok {
			e.t.Fatal("the call did not crash")
		}
	}()
	e.call(user, key, body)
}

func TestRetryAfterACrashBetweenWriteAndAnswerReturnsTheSameOrder(t *testing.T) {
	e, orders := crashingEnv(t)
	k, b := key(), body("", "shank:2")
	orders.crashAfter.Store(true)
	e.callCrashing("u-1", k, b)
	if resp := e.call("u-1", k, b); resp.StatusCode != 409 {
		t.Fatalf("within the dead attempt's lease: %d %s", resp.StatusCode, resp.Body)
	}
	e.clock.add(11 * time.Second) // the lease runs out
	first := decodePlaced(t, e.call("u-1", k, b))
	again := decodePlaced(t, e.call("u-1", k, b))
	page, _ := e.repo.ListByUser(context.Background(), "u-1", 10, "")
	if len(page.Orders) != 1 || page.Orders[0].OrderID != first.OrderID || again.OrderID != first.OrderID {
		t.Fatalf("orders %+v; answered %s then %s", page.Orders, first.OrderID, again.OrderID)
	}
	if n := e.stock(t, "shank"); n != 2 {
		t.Fatalf("stock taken %d, want 2 (held once)", n)
	}
}

func TestRetryAfterALostAnswerFinishesTheSameOrder(t *testing.T) {
	e, orders := crashingEnv(t)
	k, b := key(), body("", "noodles:1")
	orders.loseAnswer.Store(true)
	resp := e.call("u-1", k, b)
	if resp.StatusCode != 503 || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("uncertain write: %d %s", resp.StatusCode, resp.Body)
	}
	got := decodePlaced(t, e.call("u-1", k, b)) // at once: the lease was ended
	if n := e.userOrders("u-1"); n != 1 || got.OrderID == "" {
		t.Fatalf("%d orders", n)
	}
}

func TestHoldOrphanedByACrashIsReleased(t *testing.T) {
	e, orders := crashingEnv(t)
	orders.crashBefore.Store(true)
	e.callCrashing("u-1", key(), body("", "shank:3"))
	if n := e.stock(t, "shank"); n != 3 {
		t.Fatalf("held %d before the sweep", n)
	}
	task := reserve.OrphanTask{Reserver: e.p.Reserver(), Orders: e.repo, Grace: time.Minute}
	e.clock.add(2 * time.Minute)
	got, err := task.Run(context.Background())
	if err != nil || got.(reserve.OrphanReport).Released != 1 {
		t.Fatalf("orphan task: %+v %v", got, err)
	}
	if n := e.stock(t, "shank"); n != 0 {
		t.Fatalf("stock still held: %d", n)
	}
	if n := e.userOrders("u-1"); n != 0 {
		t.Fatalf("%d orders", n)
	}
}

// stock is how many units of sku are held today in store s-1.
func (e *env) stock(t *testing.T, sku string) int {
	t.Helper()
	day := storeDay("Asia/Shanghai", e.clock.now())
	n, err := e.p.reserver.Stock(context.Background(), "s-1", day, sku)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
