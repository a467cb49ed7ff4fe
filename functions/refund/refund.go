// Package function is the refund function (contract section 8): POST
// creates a refund and makes its first attempt at the payment provider,
// GET /<refund_id> reads one, and the queue path (calls from the NATS
// connector, with X-Topic) carries refunds out: the full refund of a
// cancelled order (order.cancelled with refund_due) and every attempt
// after the first (refund.requested, answered 503 with Retry-After while
// the refund is to be tried again, so that JetStream redelivers it then).
// The logic lives in shared/refund; this is its HTTP adapter.
package function

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/refund"
)

// Timeout bounds one call, below the platform's function timeout.
const Timeout = 25 * time.Second

// FirstAttemptTimeout bounds the attempt a POST makes before it answers;
// the queue path and the sweeper retry what it leaves.
const FirstAttemptTimeout = 4 * time.Second

// Authenticator names the caller of a request (*httpapi.Authenticator).
type Authenticator interface {
	Actor(req handler.Request) (order.Actor, error)
}

// Deps are what New needs; Logger is optional.
type Deps struct {
	Refunds *refund.Service
	Auth    Authenticator
	Logger  *slog.Logger
}

// Function is the refund function, for the runner and for Handle.
type Function struct {
	refunds *refund.Service
	auth    Authenticator
	log     *slog.Logger
}

// New returns the function over its dependencies.
func New(d Deps) *Function {
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	return &Function{refunds: d.Refunds, auth: d.Auth, log: d.Logger}
}

// Handle routes one call: the queue path when X-Topic is set, else POST /
// to create and GET /<refund_id> to read.
func (f *Function) Handle(req handler.Request) (handler.Response, error) {
	ctx, cancel := context.WithTimeout(httpapi.Context(req), Timeout)
	defer cancel()
	req.WithContext(ctx)
	path := strings.Trim(httpapi.Subpath(req), "/")
	switch {
	case req.Header.Get(events.TopicHeader) != "":
		return f.consume(ctx, req), nil
	case req.Method == http.MethodPost && path == "":
		return f.create(ctx, req), nil
	case req.Method == http.MethodGet && path != "" && !strings.Contains(path, "/"):
		return f.read(ctx, req, path), nil
	case path == "" || !strings.Contains(path, "/"):
		return httpapi.MethodNotAllowed("GET, POST", &httpapi.Problem{Code: httpapi.CodeInvalidRequest,
			Message: "use POST / to refund, GET /<refund_id> to read"}), nil
	}
	return httpapi.Error(&httpapi.Problem{Code: httpapi.CodeNotFound, Message: "no such route"}), nil
}
