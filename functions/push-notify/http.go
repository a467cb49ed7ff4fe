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
	"github.com/ordercenter/ordercenter/shared/telemetry"
)

// TopicHeader carries the subject of the event when the NATS connector
// delivers it (events.TopicHeader).
const TopicHeader = events.TopicHeader

// minRetryAfter is the least Retry-After of a transient failure.
const minRetryAfter = time.Second

// Handle takes one event by HTTP POST, as the NATS connector delivers it
// (subject in X-Topic, the publisher's trace context in the headers). It
// answers 200 with the Report when every recipient is served; 400 for an
// event that can never be handled (malformed, or not what the order's
// record holds); 429 with Retry-After when a recipient
// is rate limited; 503 with Retry-After for any other transient failure.
func (n *Notifier) Handle(req handler.Request) (handler.Response, error) {
	return httpapi.Endpoint{Method: http.MethodPost, Origin: n.origin}.Serve(req, n.serve), nil
}

// serve handles one event past the preamble.
func (n *Notifier) serve(c httpapi.Call) handler.Response {
	ctx := telemetry.Continue(c.Ctx, c.Req.Header)
	e, err := order.DecodeEvent(c.Req.Body, c.Req.Header.Get(TopicHeader))
	if err != nil {
		return answer(ctx, Report{}, err)
	}
	report, err := n.Process(ctx, e)
	return answer(ctx, report, err)
}

// answer maps the outcome of one event to the contract's statuses: the
// one place that does.
func answer(ctx context.Context, r Report, err error) handler.Response {
	var unknown *orderstore.UnknownEventError
	switch {
	case err == nil:
		return httpapi.JSON(http.StatusOK, r)
	case errors.Is(err, order.ErrInvalidEvent):
		return httpapi.Error(ctx, httpapi.InvalidEvent(err))
	case errors.As(err, &unknown):
		return httpapi.Error(ctx, httpapi.Invalid(unknown.Field, unknown.Problem))
	case events.IsPermanent(err):
		return httpapi.Error(ctx, httpapi.Invalid("body", "the event cannot be pushed"))
	case errors.Is(err, ErrRateLimited):
		return httpapi.Error(ctx, &httpapi.Problem{Code: httpapi.CodeRateLimited,
			Message: "the recipient has had enough pushes for now; retry later", RetryAfter: retryAfter(err)})
	}
	return httpapi.Error(ctx, &httpapi.Problem{Code: httpapi.CodeDependencyUnavailable,
		Message: "the push could not be sent now; retry later", RetryAfter: retryAfter(err)})
}

// retryAfter is how long err asks to wait, at least minRetryAfter.
func retryAfter(err error) time.Duration {
	var ra *events.RetryAfter
	if errors.As(err, &ra) {
		return max(ra.After, minRetryAfter)
	}
	return minRetryAfter
}
