package connector_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/cmd/internal/connector"
	holds "github.com/ordercenter/ordercenter/functions/holds"
	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/order/orderstore/orderstoretest"
	"github.com/ordercenter/ordercenter/shared/origin"
	"github.com/ordercenter/ordercenter/shared/redistest"
	"github.com/ordercenter/ordercenter/shared/reserve"
)

// The real holds function behind the connector, answering 503 for a while
// (OC_TEST_UNAVAILABLE) and then taking 8 events at a time, so that one
// order's order.paid and order.cancelled may come in either order: every
// order ends as in-order delivery leaves it (paid: confirmed; paid then
// cancelled, or cancelled unpaid: released), and the day's stock counts
// exactly the paid orders' units.
func TestEffectsEqualThoseOfInOrderDelivery(t *testing.T) {
	b := newBus(t)
	ctx := context.Background()
	repo := orderstore.New(backends.Bolt(t), orderstore.Options{Publisher: b.pub})
	r := reserve.New(redistest.Client(t), reserve.Config{Prefix: redistest.Prefix(t), Store: repo})
	fn := holds.New(holds.Deps{Settler: r, Orders: repo, Origin: origin.Events(testKey, time.Now)})
	until := time.Now().Add(envDuration(t, "OC_TEST_UNAVAILABLE", time.Second))
	edge := &httpapi.Server{Function: fn}
	gw := gateway(t, map[string]http.Handler{"holds": http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if time.Now().Before(until) {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		edge.ServeHTTP(w, req)
	})})
	subjects := []string{"orders.events.order.paid", "orders.events.order.cancelled"}
	b.run(t, []connector.Subscription{{Function: "holds", Subjects: subjects}}, connector.NewHTTP(gw.URL, 5*time.Second), fast())

	const n, qty = 30, 2
	now := time.Now()
	want := map[string]string{}
	for i := range n {
		user := fmt.Sprintf("u-inorder-%d", i)
		rec := orderstoretest.Place(t, repo, orderstoretest.Spec{UserID: user, Now: now})
		err := r.Hold(ctx, reserve.Request{OrderID: rec.OrderID, UserID: user, StoreID: "s-1", Day: "2026-11-21",
			Lines: []reserve.Line{{SKU: "sku-1", Qty: qty, Limit: qty * n}}, CouponID: "cp-1",
			CouponExpires: now.Add(time.Hour), PayDeadline: now.Add(15 * time.Minute)})
		if err != nil {
			t.Fatal(err)
		}
		if err := r.Commit(ctx, rec.OrderID); err != nil {
			t.Fatal(err)
		}
		switch i % 3 {
		case 0:
			orderstoretest.Drive(t, repo, rec.OrderID, order.StatusPaid, "", now)
			want[rec.OrderID] = "confirmed"
		case 1:
			orderstoretest.Drive(t, repo, rec.OrderID, order.StatusPaid, "", now)
			orderstoretest.Drive(t, repo, rec.OrderID, order.StatusCancelled, "", now)
			want[rec.OrderID] = "released"
		default:
			orderstoretest.Drive(t, repo, rec.OrderID, order.StatusCancelled, "", now)
			want[rec.OrderID] = "released"
		}
	}
	b.settled(t, "holds")
	for id, state := range want {
		rec, err := repo.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if h, err := r.Holding(ctx, rec.Record()); err != nil || h.State != state {
			t.Errorf("order %s: holds %q (%v), want %q as in-order delivery leaves them", id, h.State, err, state)
		}
	}
	if stock, err := r.Stock(ctx, "s-1", "2026-11-21", "sku-1"); err != nil || stock != qty*n/3 {
		t.Errorf("stock held %d (%v), want %d: the paid orders' units only", stock, err, qty*n/3)
	}
}
