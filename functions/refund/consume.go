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
// tried again, or the store was out); 400 never (a malformed event, dead-
// lettered; order.DecodeEvent says what is wrong with it, and a
// refund.requested whose refund_id no refund can have is one). The path only
// acts on what the store records, so a forged call can do no more than
// hurry a refund already due.
func (f *Function) consume(c httpapi.Call) handler.Response {
	ctx := c.Ctx
	ev, err := order.DecodeEvent(c.Req.Body, c.Req.Header.Get(events.TopicHeader))
	if err != nil {
		return httpapi.Error(ctx, httpapi.InvalidEvent(err))
	}
	if d, ok := ev.Data.(order.RefundRequestedData); ok && d.RefundID != "" && !order.ValidRefundID(d.RefundID) {
		return httpapi.Error(ctx, httpapi.Invalid("data.refund_id", "1 to 64 of A-Z a-z 0-9 _ -"))
	}
	res, err := f.refunds.HandleEvent(ctx, ev)
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
