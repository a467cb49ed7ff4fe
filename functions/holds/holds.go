// Package function is holds: the queue-triggered function that settles
// the reservations place-order took (package reserve) when an order's
// fate is known. It consumes order.paid (confirm: stock stays taken, the
// coupon is spent, the unpaid place is freed) and order.cancelled
// (release: stock, unpaid place and first-order count given back; the
// coupon too when the order was cancelled before payment, as the event's
// data "from" tells, else it stays spent), and refund.succeeded when its
// data says releases_stock (a full refund before delivery: the stock goes
// back to the day's limit, the spent coupon does not). Other events are
// acknowledged and ignored.
//
// An event is acted on only when the order's master record holds it
// (events.Claims, orderstore's Vouch): a signed order.cancelled of an
// order that is not cancelled, or any event the record does not hold,
// releases nothing and is refused for good, counted as
// ordercenter.events.contradicted{consumer="holds"}.
//
// It is idempotent on event id, and more: a hold only moves forward
// (held → confirmed → released), so an event delivered twice, or a
// payment delivered after the cancellation of the same order, changes
// nothing the second time.
//
// Two ways in: Handle, one order.Event as the HTTP body (the OpenFaaS
// NATS connector and the local runner's connector deliver it so),
// answering 200 when settled, 400 for a body that is no event
// (order.DecodeEvent says why) or an event the order's record does not
// hold (never retried: the connector dead-letters it), 503 with
// Retry-After when Redis or the store fails (retried); and
// HandleMessage for a durable JetStream consumer (events.NewConsumer).
//
// stack.yml: annotation topic:
// orders.events.order.paid,orders.events.order.cancelled,orders.events.refund.succeeded
package function

import (
	"context"
	"log/slog"

	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/reserve"
)

// Settler settles holds by order id; a *reserve.Reserver is one.
type Settler interface {
	Confirm(ctx context.Context, orderID string) (reserve.Result, error)
	Release(ctx context.Context, orderID string, couponBack bool) (reserve.Result, error)
}

// Deps are what Holds works with.
type Deps struct {
	// Settler settles the holds (a *reserve.Reserver).
	Settler Settler
	// Orders are the master records each event is checked against before
	// it is acted on (an *orderstore.Repository; reading is enough).
	// Required: without them every event is refused, to be retried.
	Orders events.Records
	// Log receives a line per event refused (default slog.Default()).
	Log *slog.Logger
	// Origin checks that an HTTP call comes from the order center (an
	// *origin.Verifier of events); nil checks nothing (tests).
	Origin httpapi.OriginVerifier
}

// Holds settles holds from order events.
type Holds struct {
	settler Settler
	claims  *events.Claims
	origin  httpapi.OriginVerifier
}

// New returns the function over its dependencies.
func New(d Deps) *Holds {
	return &Holds{settler: d.Settler, claims: events.NewClaims(Name, d.Orders, d.Log), origin: d.Origin}
}

// Apply settles the holds of the event's order. It returns what it did
// (reserve.Done, Already, NoHold, or "" for an event it ignores). An
// event it acts on is first checked against the order's record: one the
// record does not hold changes nothing and is an error marked
// events.Permanent wrapping orderstore.ErrEventUnknown; a store that
// cannot answer is a transient error.
func (h *Holds) Apply(ctx context.Context, ev order.Event) (reserve.Result, error) {
	if !actsOn(ev) {
		return "", nil
	}
	if err := h.claims.Check(ctx, ev); err != nil {
		return "", err
	}
	switch ev.Type {
	case order.EventPaid:
		res, err := h.settler.Confirm(ctx, ev.OrderID)
		if err == nil {
			h.claims.Done(ctx, ev, orderstore.CheckPaidHolds)
		}
		return res, err
	case order.EventCancelled:
		d, _ := ev.Data.(order.CancelledData)
		res, err := h.settler.Release(ctx, ev.OrderID, d.From == order.StatusPendingPayment)
		if err == nil {
			h.claims.Done(ctx, ev, orderstore.CheckCancelHolds)
		}
		return res, err
	case order.EventRefundSucceeded:
		// A full refund before delivery gives the stock back to the day's
		// limit; the coupon, spent on payment, is not given back.
		return h.settler.Release(ctx, ev.OrderID, false)
	}
	return "", nil
}

// actsOn reports whether ev settles holds: a payment, a cancellation, a
// refund that releases stock.
func actsOn(ev order.Event) bool {
	switch ev.Type {
	case order.EventPaid, order.EventCancelled:
		return true
	case order.EventRefundSucceeded:
		d, _ := ev.Data.(order.RefundSucceededData)
		return d.ReleasesStock
	}
	return false
}
