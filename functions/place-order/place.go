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
	// Key is the Idempotency-Key and Hash the request's hash.
	Key, Hash string
	Request   Request
	// Resumed says an earlier attempt under the same key died: it may
	// have held, or even written, this order id.
	Resumed bool
	// Recorded says the store records the key for this order id, which
	// the earlier attempt died before storing: a refusal removes it.
	Recorded bool
}

// actor is the user placing the order.
func (in Input) actor() order.Actor { return order.Actor{Role: order.RoleUser, ID: in.UserID} }

// Place prices the order, holds what it takes and writes it with its key.
// Its errors are Problems for refusals (nothing is left held), errors
// wrapping errUncertain when the order may have been written, and others
// for failures before anything was written.
func (p *PlaceOrder) Place(ctx context.Context, in Input) (Output, error) {
	now := p.now()
	if in.Resumed {
		if out, ok, err := p.finishWritten(ctx, in); err != nil || ok {
			return out, err
		}
	}
	f, err := p.fetch(ctx, in)
	if err != nil {
		return Output{}, p.refuse(ctx, in, err)
	}
	q, err := quoteFor(in.Request, f, now)
	if err != nil {
		return Output{}, p.refuse(ctx, in, err)
	}
	day, deadline := storeDay(f.store.Timezone, now), now.Add(p.cfg.PayTimeout)
	if q, err = p.hold(ctx, in, f, q, day, deadline); err != nil {
		return Output{}, p.refuse(ctx, in, err)
	}
	d := in.Request.Delivery
	o, err := order.New(order.Draft{ID: in.OrderID, UserID: in.UserID, StoreID: in.Request.StoreID,
		StoreDay: day, Lines: q.lines, Amounts: q.amounts, Note: in.Request.Note, CouponID: in.Request.CouponID,
		Delivery: order.Delivery{Name: d.Name, Phone: d.Phone, Address: d.Address, Lat: d.Lat, Lng: d.Lng,
			DistanceM: q.distance},
		PayDeadline: deadline}, now)
	if err != nil {
		p.release(ctx, in.OrderID)
		return Output{}, fmt.Errorf("place order %s: %w", in.OrderID, err)
	}
	return p.create(ctx, in, o)
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

// finishWritten answers the order an earlier attempt wrote, finishing
// its copies and events; ok is false when there is none. (An earlier
// attempt's order is normally found with its key record first: this is
// for one stored without it.)
func (p *PlaceOrder) finishWritten(ctx context.Context, in Input) (Output, bool, error) {
	o, err := p.orders.Get(ctx, in.OrderID)
	if errors.Is(err, orderstore.ErrNotFound) {
		return Output{}, false, nil
	}
	if err != nil {
		return Output{}, false, uncertain("resume order "+in.OrderID, err)
	}
	if _, err := p.orders.FinishOrder(ctx, in.OrderID); err != nil {
		p.log.WarnContext(ctx, "resumed order not finished; the healer will", "order_id", in.OrderID, "err", err)
	}
	resp := created(o.Record(), in.actor())
	return Output{OrderID: in.OrderID, Status: resp.StatusCode, Body: resp.Body}, true, nil
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
				p.Details = append(p.Details, httpapi.Detail{Field: fmt.Sprintf("items[%d].sku_id", i), Problem: "sold out for today"})
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
// order is not written: finishWritten looked), frees its key in the store
// if that attempt recorded it, and returns err.
func (p *PlaceOrder) refuse(ctx context.Context, in Input, err error) error {
	if !in.Resumed || errors.Is(err, errUncertain) {
		return err
	}
	p.release(ctx, in.OrderID)
	if in.Recorded {
		if ferr := p.orders.ForgetKey(ctx, in.UserID, in.Key, in.OrderID); ferr != nil {
			p.log.WarnContext(ctx, "idempotency key not freed in the store", "order_id", in.OrderID, "err", ferr)
		}
	}
	return err
}

func (p *PlaceOrder) release(ctx context.Context, id string) {
	if _, err := p.reserver.Release(ctx, id, true); err != nil {
		p.log.WarnContext(ctx, "hold not released; the orphan task will", "order_id", id, "err", err)
	}
}
