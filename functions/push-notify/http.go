package function

import (
	"errors"
	"net/http"
	"strings"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/order"
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
// event that can never be handled; 429 with Retry-After when a recipient
// is rate limited; 503 with Retry-After for any other transient failure.
func (n *Notifier) Handle(req handler.Request) (handler.Response, error) {
	if req.Method != "" && req.Method != http.MethodPost {
		return httpapi.MethodNotAllowed(http.MethodPost,
			&httpapi.Problem{Code: httpapi.CodeMethodNotAllowed, Message: "POST one event"}), nil
	}
	if ct := req.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return httpapi.Error(httpapi.Invalid("Content-Type", "must be application/json")), nil
	}
	ctx := telemetry.ExtractHeaders(httpapi.Context(req), req.Header)
	e, err := order.DecodeEvent(req.Body, req.Header.Get(TopicHeader))
	if err != nil {
		return answer(Report{}, err), nil
	}
	report, err := n.Process(ctx, e)
	return answer(report, err), nil
}

// answer maps the outcome of one event to the contract's statuses: the
// one place that does.
func answer(r Report, err error) handler.Response {
	var bad *order.InvalidEventError
	switch {
	case err == nil:
		return httpapi.JSON(http.StatusOK, r)
	case errors.As(err, &bad):
		return httpapi.Error(httpapi.Invalid(bad.Field, bad.Problem))
	case events.IsPermanent(err) || errors.Is(err, order.ErrInvalidEvent):
		return httpapi.Error(httpapi.Invalid("body", "the event cannot be pushed"))
	case errors.Is(err, ErrRateLimited):
		return httpapi.Error(&httpapi.Problem{Code: httpapi.CodeRateLimited,
			Message: "the recipient has had enough pushes for now; retry later", RetryAfter: retryAfter(err)})
	}
	return httpapi.Error(&httpapi.Problem{Code: httpapi.CodeDependencyUnavailable,
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
