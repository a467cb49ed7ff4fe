package main

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
)

// seed places the store's orders of today (in Asia/Shanghai, the
// function's default store timezone), a few at a time.
func seed(ctx context.Context, repo *orderstore.Repository, o options, secret []byte) (target, error) {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return target{}, err
	}
	day := time.Now().In(loc).Format("2006-01-02")
	ids := make([]string, o.orders)
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 8 {
		wg.Go(func() {
			for i := next.Add(1) - 1; i < int64(len(ids)); i = next.Add(1) - 1 {
				rec, err := repo.Create(ctx, newOrder(fmt.Sprintf("u-%d", (int(i)+w)%50), o.storeID, day))
				if err != nil {
					errs <- err
					return
				}
				ids[i] = rec.OrderID
			}
		})
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return target{}, fmt.Errorf("seed: %w", err)
	}
	tok, err := token(secret, o.storeID)
	t := target{token: tok, page: functionPrefix + "/stores/" + o.storeID + "/orders"}
	for _, id := range ids {
		t.orders = append(t.orders, functionPrefix+"/orders/"+id)
	}
	return t, err
}

func newOrder(userID, storeID, day string) *order.Order {
	now := time.Now()
	o, err := order.New(order.Draft{
		ID: order.NewID(now), UserID: userID, StoreID: storeID, StoreDay: day,
		Lines:       []order.Line{{SKU: "sku-1", Name: "Beef noodles", Qty: 2, UnitPrice: 2800, Subtotal: 5600}},
		Amounts:     order.Amounts{Items: 5600, PackingFee: 200, DeliveryFee: 500, Discount: 500, Total: 5800},
		Delivery:    order.Delivery{Name: "Li", Phone: "13800001234", Address: "1 Road, Shanghai"},
		Note:        "no coriander",
		PayDeadline: now.Add(15 * time.Minute),
	}, now)
	if err != nil {
		panic(err) // the draft above is valid
	}
	return o
}
