package function

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/reserve"
)

// Timeout bounds one event's handling.
const Timeout = 5 * time.Second

// Handle settles the holds of one event, the HTTP body.
func (h *Holds) Handle(req handler.Request) (handler.Response, error) {
	return httpapi.Endpoint{Method: http.MethodPost, Origin: h.origin, Timeout: Timeout}.Serve(req, h.serve), nil
}

// serve settles the holds of one event past the preamble.
func (h *Holds) serve(c httpapi.Call) handler.Response {
	ev, err := order.DecodeEvent(c.Req.Body, c.Req.Header.Get(events.TopicHeader))
	if err != nil {
		return httpapi.Error(c.Ctx, httpapi.InvalidEvent(err))
	}
	got, err := h.Apply(c.Ctx, ev)
	var unknown *orderstore.UnknownEventError
	if errors.As(err, &unknown) {
		return httpapi.Error(c.Ctx, httpapi.Invalid(unknown.Field, unknown.Problem))
	}
	if err != nil {
		slog.ErrorContext(c.Ctx, "holds not settled", "event_id", ev.EventID, "order_id", ev.OrderID, "err", err)
		return httpapi.Error(c.Ctx, &httpapi.Problem{Code: httpapi.CodeDependencyUnavailable,
			Message: "holds not settled; retry", RetryAfter: time.Second})
	}
	return httpapi.JSON(http.StatusOK, map[string]string{"event_id": ev.EventID, "result": resultName(got)})
}

// HandleMessage settles the holds of one event from a durable JetStream
// consumer: nil when done, events.Permanent for a message that is no
// event (order.ErrInvalidEvent) or an event the order's record does not
// hold (orderstore.ErrEventUnknown), the error otherwise (retried with
// back-off).
func (h *Holds) HandleMessage(ctx context.Context, msg jetstream.Msg) error {
	ev, err := order.DecodeEvent(msg.Data(), msg.Subject())
	if err != nil {
		return events.Permanent(err)
	}
	_, err = h.Apply(ctx, ev)
	return err
}

func resultName(r reserve.Result) string {
	if s := string(r); s != "" {
		return s
	}
	return "ignored"
}
