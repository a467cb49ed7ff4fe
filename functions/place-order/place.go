package function

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/reserve"
)

// Input is one validated request of a user.
type Input struct {
	// OrderID is the id chosen once for the idempotency key.
	OrderID string
	UserID  string
	Request Request
	// Resumed says an earlier attempt under the same key died: it may
	// have held, or even written, this order id.
	Resumed bool
}

// Place prices the order, holds what it takes and writes it. Its errors
// are Problems for refusals (nothing is left held), errors wrapping
// errUncertain when the order may have been written, and others for
// failures before anything was written.
func (p *PlaceOrder) Place(ctx context.Context, in Input) (order.Record, error) {
	now := p.now()
	if in.Resumed {
		if rec, ok, err := p.finishWritten(ctx, in.OrderID); err != nil || ok {
			return rec, err
		}
	}
	f, err := p.fetch(ctx, in)
	if err != nil {
		return order.Record{}, p.refuse(ctx, in, err)
	}
	q, err := quoteFor(in.Request, f, now)
	if err != nil {
		return order.Record{}, p.refuse(ctx, in, err)
	}
	day, deadline := storeDay(f.store.Timezone, now), now.Add(p.cfg.PayTimeout)
	if q, err = p.hold(ctx, in, f, q, day, deadline); err != nil {
		return order.Record{}, p.refuse(ctx, in, err)
	}
	d := in.Request.Delivery
	o, err := order.New(order.Draft{ID: in.OrderID, UserID: in.UserID, StoreID: in.Request.StoreID,
		StoreDay: day, Lines: q.lines, Amounts: q.amounts, Note: in.Request.Note, CouponID: in.Request.CouponID,
		Delivery:    order.Delivery{Name: d.Name, Phone: d.Phone, Address: d.Address},
		PayDeadline: deadline}, now)
	if err != nil {
		p.release(ctx, in.OrderID)
		return order.Record{}, fmt.Errorf("place order %s: %w", in.OrderID, err)
	}
	rec, err := p.orders.Create(ctx, o)
	if err != nil && !errors.Is(err, orderstore.ErrSyncPending) {
		return order.Record{}, uncertain("place order "+in.OrderID, err)
	}
	return rec, nil
}

// commit tells the reservations the order is written. It is not needed
// for correctness (the orphan task finds the order), so the handler runs
// it alongside saving the answer.
func (p *PlaceOrder) commit(ctx context.Context, id string) {
	if err := p.reserver.Commit(ctx, id); err != nil {
		p.log.WarnContext(ctx, "hold not committed; the orphan task will", "order_id", id, "err", err)
	}
}

// quoteFor prices the request and checks the client's expected total.
func quoteFor(req Request, f facts, now time.Time) (quote, error) {
	q, err := price(req, f, now)
	if err != nil {
		return quote{}, err
	}
	if req.ExpectedTotal != nil && *req.ExpectedTotal != q.amounts.Total {
		return quote{}, &priceChanged{amounts: q.amounts}
	}
	return q, nil
}

// finishWritten returns the order an earlier attempt wrote, finishing
// its copies and events; ok is false when there is none.
func (p *PlaceOrder) finishWritten(ctx context.Context, id string) (order.Record, bool, error) {
	o, err := p.orders.Get(ctx, id)
	if errors.Is(err, orderstore.ErrNotFound) {
		return order.Record{}, false, nil
	}
	if err != nil {
		return order.Record{}, false, uncertain("resume order "+id, err)
	}
	if _, err := p.orders.FinishOrder(ctx, id); err != nil {
		p.log.WarnContext(ctx, "resumed order not finished; the healer will", "order_id", id, "err", err)
	}
	return o.Record(), true, nil
}

// hold takes the reservations. An order priced as the user's first that
// loses that standing to a concurrent order is priced again without it.
func (p *PlaceOrder) hold(ctx context.Context, in Input, f facts, q quote, day string, deadline time.Time) (quote, error) {
	req := reserve.Request{OrderID: in.OrderID, UserID: in.UserID, StoreID: in.Request.StoreID, Day: day,
		Lines: q.holds, PayDeadline: deadline, Resumed: in.Resumed}
	if f.coupon != nil {
		req.CouponID, req.CouponExpires = f.coupon.CouponID, f.coupon.ExpiresAt
	}
	if q.first {
		req.Standing = reserve.Claim
	}
	err := p.reserver.Hold(ctx, req)
	if errors.Is(err, reserve.ErrNotFirstOrder) {
		f.first = false
		if q, err = quoteFor(in.Request, f, p.now()); err != nil {
			return quote{}, err
		}
		req.Standing, req.Lines = reserve.Count, q.holds
		err = p.reserver.Hold(ctx, req)
	}
	if err != nil {
		return quote{}, holdProblem(in.Request, err)
	}
	return q, nil
}

// holdProblem turns a refused hold into the client's problem.
func holdProblem(req Request, err error) error {
	var stock *reserve.StockError
	switch {
	case errors.As(err, &stock):
		p := &httpapi.Problem{Code: CodeOutOfStock, Message: "an item is sold out for today"}
		for i, it := range req.Items {
			if it.SKU == stock.SKU {
				p.Details = []httpapi.Detail{{Field: fmt.Sprintf("items[%d].sku_id", i), Problem: "sold out for today"}}
			}
		}
		return p
	case errors.Is(err, reserve.ErrCouponHeld):
		return couponUnusable("the coupon is held by another order")
	case errors.Is(err, reserve.ErrTooManyUnpaid):
		return &httpapi.Problem{Code: httpapi.CodeConflict,
			Message: "too many unpaid orders: pay or cancel one first"}
	}
	return uncertain("hold", err)
}

// refuse releases what an earlier attempt of a resumed order held (its
// order is not written: finishWritten looked) and returns err.
func (p *PlaceOrder) refuse(ctx context.Context, in Input, err error) error {
	if in.Resumed && !errors.Is(err, errUncertain) {
		p.release(ctx, in.OrderID)
	}
	return err
}

func (p *PlaceOrder) release(ctx context.Context, id string) {
	if _, err := p.reserver.Release(ctx, id, true); err != nil {
		p.log.WarnContext(ctx, "hold not released; the orphan task will", "order_id", id, "err", err)
	}
}
