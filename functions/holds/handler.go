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
	"github.com/ordercenter/ordercenter/shared/reserve"
)

// Timeout bounds one event's handling.
const Timeout = 5 * time.Second

// Handle settles the holds of one event, the HTTP body.
func (h *Holds) Handle(req handler.Request) (handler.Response, error) {
	ctx := context.Background()
	if c := req.Context(); c != nil {
		ctx = c
	}
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	ev, err := order.DecodeEvent(req.Body, req.Header.Get(events.TopicHeader))
	if err != nil {
		return httpapi.Error(invalidEvent(err)), nil
	}
	got, err := h.Apply(ctx, ev)
	if err != nil {
		slog.ErrorContext(ctx, "holds not settled", "event_id", ev.EventID, "order_id", ev.OrderID, "err", err)
		return httpapi.Error(&httpapi.Problem{Code: httpapi.CodeDependencyUnavailable,
			Message: "holds not settled; retry", RetryAfter: time.Second}), nil
	}
	return httpapi.JSON(http.StatusOK, map[string]string{"event_id": ev.EventID, "result": resultName(got)}), nil
}

// HandleMessage settles the holds of one event from a durable JetStream
// consumer: nil when done, events.Permanent for a message that is no
// event (order.ErrInvalidEvent), the error otherwise (retried with
// back-off).
func (h *Holds) HandleMessage(ctx context.Context, msg jetstream.Msg) error {
	ev, err := order.DecodeEvent(msg.Data(), msg.Subject())
	if err != nil {
		return events.Permanent(err)
	}
	_, err = h.Apply(ctx, ev)
	return err
}

// invalidEvent is the answer to an event that cannot be decoded: what is
// wrong with it, never retried.
func invalidEvent(err error) *httpapi.Problem {
	var bad *order.InvalidEventError
	if errors.As(err, &bad) {
		return httpapi.Invalid(bad.Field, bad.Problem)
	}
	return httpapi.Invalid("body", "not an order event")
}

func resultName(r reserve.Result) string {
	if s := string(r); s != "" {
		return s
	}
	return "ignored"
}
