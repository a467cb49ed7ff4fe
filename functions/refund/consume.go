package function

import (
	"context"
	"errors"
	"net/http"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/refund"
)

// consume serves the queue path: one event per call, from the NATS
// connector. Its status tells the connector what to do: 2xx done; 503
// with Retry-After to deliver the event again then (the refund is to be
// tried again, or the store was out); 400 for good (dead-lettered): a
// malformed event (order.DecodeEvent says what is wrong with it, and a
// refund.requested whose refund_id no refund can have is one), or one the
// order's record does not hold (the field at fault named). The path acts
// only on events the record holds, and then only on what the store
// records of the refund, so even a signed call can do no more than hurry
// a refund already due.
func (f *Function) consume(c httpapi.Call) handler.Response {
	ctx := c.Ctx
	ev, err := order.DecodeEvent(c.Req.Body, c.Req.Header.Get(events.TopicHeader))
	if err != nil {
		return httpapi.Error(ctx, httpapi.InvalidEvent(err))
	}
	if d, ok := ev.Data.(order.RefundRequestedData); ok && d.RefundID != "" && !order.ValidRefundID(d.RefundID) {
		return httpapi.Error(ctx, httpapi.Invalid("data.refund_id", "1 to 64 of A-Z a-z 0-9 _ -"))
	}
	if actsOn(ev) {
		if resp, refused := f.check(ctx, ev); refused {
			return resp
		}
	}
	res, err := f.refunds.HandleEvent(ctx, ev)
	if err == nil && ev.Type == order.EventCancelled {
		f.claims.Done(ctx, ev, orderstore.CheckCancelRefund) // the refund is recorded: the sweeper need not ask for it
	}
	switch {
	case errors.Is(err, refund.ErrMalformedEvent):
		return httpapi.Error(ctx, httpapi.Invalid("body", "the event lacks its order_id or refund_id"))
	case errors.Is(err, refund.ErrNotFound), errors.Is(err, refund.ErrOrderNotFound):
		f.log.WarnContext(ctx, "refund event for a refund not recorded; nothing to do", "event_id", ev.EventID, "err", err)
		return done(res)
	case err != nil:
		f.log.WarnContext(ctx, "refund event not handled; it will be delivered again",
			"event_id", ev.EventID, "type", ev.Type, "err", err)
		return retryLater(ctx, "the refund could not be handled now", retryDelay(err))
	case res.RetryAfter > 0:
		return retryLater(ctx, "the refund is to be tried again later", res.RetryAfter)
	}
	return done(res)
}

// actsOn reports whether refund.Service.HandleEvent may act on ev: a
// cancellation (refund_due or not) or a refund asked for.
func actsOn(ev order.Event) bool {
	return ev.Type == order.EventCancelled || ev.Type == order.EventRefundRequested
}

// check answers an event the order's record does not hold (400), or that
// cannot be checked now (503); refused false lets it through.
func (f *Function) check(ctx context.Context, ev order.Event) (handler.Response, bool) {
	err := f.claims.Check(ctx, ev)
	var unknown *orderstore.UnknownEventError
	switch {
	case err == nil:
		return handler.Response{}, false
	case errors.As(err, &unknown):
		return httpapi.Error(ctx, httpapi.Invalid(unknown.Field, unknown.Problem)), true
	}
	f.log.WarnContext(ctx, "refund event not checked against its order; it will be delivered again",
		"event_id", ev.EventID, "type", ev.Type, "err", err)
	return retryLater(ctx, "the event could not be checked now", retryDelay(err)), true
}

func done(res refund.Result) handler.Response {
	return httpapi.JSON(http.StatusOK, map[string]string{"status": res.Status.String()})
}

// retryLater answers 503 with Retry-After rounded up to whole seconds.
func retryLater(ctx context.Context, msg string, after time.Duration) handler.Response {
	return httpapi.Error(ctx, &httpapi.Problem{Code: httpapi.CodeDependencyUnavailable, Message: msg,
		RetryAfter: max(after, time.Second)})
}

func retryDelay(err error) time.Duration {
	if unavailable(err) {
		return 5 * time.Second
	}
	return 15 * time.Second
}

// unavailable reports a failure of the store or a deadline: transient.
func unavailable(err error) bool {
	return errors.Is(err, orderstore.ErrUnavailable) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, context.Canceled)
}
