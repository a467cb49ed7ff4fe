package main

import (
	"context"
	"net/http"
	"net/url"
)

// The bodies and answers the operations send and read (contract
// sections 6, 8 and 10).
type (
	lineRequest struct {
		SKU string `json:"sku_id"`
		Qty int    `json:"qty"`
	}
	delivery struct {
		Name    string   `json:"name"`
		Phone   string   `json:"phone"`
		Address string   `json:"address"`
		Lat     *float64 `json:"lat,omitempty"`
		Lng     *float64 `json:"lng,omitempty"`
	}
	placeRequest struct {
		StoreID  string        `json:"store_id"`
		Items    []lineRequest `json:"items"`
		Delivery delivery      `json:"delivery"`
	}
	placedOrder struct {
		OrderID string `json:"order_id"`
		Amounts struct {
			Total int64 `json:"total"`
		} `json:"amounts"`
	}
	refundRequest struct {
		OrderID  string `json:"order_id"`
		RefundID string `json:"refund_id"`
		Amount   int64  `json:"amount"`
		Reason   string `json:"reason"`
	}
)

// loadDelivery is every order's address (located at the store when the
// store says where it is: shop.deliveryTo).
var loadDelivery = delivery{Name: "Li", Phone: "13800001234", Address: "1 Long Road, Shanghai"}

// after is the state an order is in after each step of order-action
// that does not end its life.
var after = map[string]string{opAccept: stateAccepted, opReady: stateReady, opPickup: stateDelivering,
	opDeliver: stateDelivered, opConfirm: stateCompleted}

// task returns op's task doing c, moving o on to the state after op when
// c succeeds.
func (w *workload) task(op string, c call, o liveOrder) task {
	return task{op: op, run: func(ctx context.Context) outcome {
		oc := c.do(ctx, w.client)
		if state, moves := after[op]; moves && oc.ok {
			w.pools.put(state, o)
		}
		return oc
	}}
}

func (w *workload) browse(store int) task {
	s := w.shops[store]
	u := w.target.catalog + "/stores/" + url.PathEscape(s.id) + "/items?ids=" + url.QueryEscape(s.menu)
	return w.task(opBrowse, call{method: http.MethodGet, url: u, want: http.StatusOK}, liveOrder{})
}

func (w *workload) place(store, user int) task {
	s := w.shops[store]
	body := placeRequest{StoreID: s.id, Items: s.basket(w.rng, w.limited), Delivery: s.deliveryTo()}
	var answer placedOrder
	c := call{method: http.MethodPost, url: w.target.base + "/function/place-order", token: w.tokens.users[user],
		body: body, header: map[string]string{"Idempotency-Key": w.key("ocl")}, want: http.StatusCreated, into: &answer}
	return task{op: opPlace, run: func(ctx context.Context) outcome {
		oc := c.do(ctx, w.client)
		if oc.ok {
			o := liveOrder{id: answer.OrderID, user: user, shop: store, total: answer.Amounts.Total}
			w.pools.put(stateUnpaid, o)
			w.pools.remember(o)
		}
		return oc
	}}
}

func (w *workload) payTask(o liveOrder) task {
	return task{op: opPay, run: func(ctx context.Context) outcome {
		oc := w.pay.pay(ctx, w.client, o)
		if oc.ok {
			w.pools.put(statePaid, o)
		}
		return oc
	}}
}

// step is a lifecycle action of order-action by whoever may take it.
func (w *workload) step(op string, o liveOrder) task {
	token := w.tokens.users[o.user]
	switch op {
	case opAccept, opReady:
		token = w.tokens.merchants[o.shop]
	case opPickup, opDeliver:
		token = w.tokens.riders[o.rider]
	}
	u := w.target.base + "/function/order-action/orders/" + url.PathEscape(o.id) + "/" + op
	return w.task(op, call{method: http.MethodPost, url: u, token: token, want: http.StatusOK}, o)
}

// refund asks for a part of a completed order back (an after-sales
// refund by its user): a tenth of it, at least one fen.
func (w *workload) refund(o liveOrder) task {
	body := refundRequest{OrderID: o.id, RefundID: w.key("ocl-rf"), Amount: max(o.total/10, 1), Reason: "cold noodles"}
	return w.task(opRefund, call{method: http.MethodPost, url: w.target.base + "/function/refund",
		token: w.tokens.users[o.user], body: body, want: http.StatusAccepted}, o)
}

func (w *workload) getOrder(o liveOrder) task {
	u := w.target.base + "/function/order-query/orders/" + url.PathEscape(o.id)
	return w.task(opGetOrder, call{method: http.MethodGet, url: u, token: w.tokens.users[o.user], want: http.StatusOK}, o)
}

func (w *workload) myOrders(user int) task {
	u := w.target.base + "/function/order-query/users/me/orders?limit=20"
	return w.task(opMyOrders, call{method: http.MethodGet, url: u, token: w.tokens.users[user], want: http.StatusOK}, liveOrder{})
}

func (w *workload) storeOrders(store int) task {
	u := w.target.base + "/function/order-query/stores/" + url.PathEscape(w.shops[store].id) + "/orders?limit=20"
	return w.task(opStoreOrders, call{method: http.MethodGet, url: u, token: w.tokens.merchants[store], want: http.StatusOK}, liveOrder{})
}
