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
	ev, err := decode(req.Body)
	if err != nil {
		return httpapi.Error(httpapi.Invalid("body", "not an order event")), nil
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
// event, the error otherwise (retried with back-off).
func (h *Holds) HandleMessage(ctx context.Context, msg jetstream.Msg) error {
	ev, err := decode(msg.Data())
	if errors.Is(err, errBadEvent) {
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
