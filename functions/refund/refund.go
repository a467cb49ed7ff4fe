// Package function is the refund function (contract section 8): POST
// creates a refund and makes its first attempt at the payment provider,
// GET /<refund_id> reads one, and the queue path (calls from the NATS
// connector, with X-Topic) carries refunds out: the full refund of a
// cancelled order (order.cancelled with refund_due) and every attempt
// after the first (refund.requested, answered 503 with Retry-After while
// the refund is to be tried again, so that JetStream redelivers it then).
// The queue path acts only on events the order's master record holds
// (events.Claims): any other is refused for good (400), changes nothing
// and is counted as ordercenter.events.contradicted{consumer="refund"}.
// The logic lives in shared/refund; this is its HTTP adapter.
package function

import (
	"log/slog"
	"net/http"
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
	// Orders are the master records each event of the queue path is
	// checked against before it is acted on (an *orderstore.Repository;
	// reading is enough). Without them the queue path acts on nothing and
	// answers 503.
	Orders events.Records
	Logger *slog.Logger
	// Origin checks that a call of the event entry comes from the order
	// center (an *origin.Verifier of events); nil checks nothing (tests).
	Origin httpapi.OriginVerifier
}

// Function is the refund function, for the runner and for Handle.
type Function struct {
	refunds *refund.Service
	claims  *events.Claims
	auth    Authenticator
	log     *slog.Logger
	origin  httpapi.OriginVerifier
}

// New returns the function over its dependencies.
func New(d Deps) *Function {
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	return &Function{refunds: d.Refunds, claims: events.NewClaims(Name, d.Orders, d.Logger), auth: d.Auth,
		log: d.Logger, origin: d.Origin}
}

// Handle routes one call: the queue path when X-Topic is set, else POST /
// to create and GET /<refund_id> to read.
func (f *Function) Handle(req handler.Request) (handler.Response, error) {
	sub := httpapi.Subpath(req)
	if req.Header.Get(events.TopicHeader) != "" {
		return httpapi.Endpoint{Method: http.MethodPost, Origin: f.origin, Timeout: Timeout}.Serve(req, f.consume), nil
	}
	if _, ok, _ := httpapi.Match(sub, ""); ok {
		return httpapi.Endpoint{Method: http.MethodPost, Auth: f.auth, Timeout: Timeout}.Serve(req, f.create), nil
	}
	ids, ok, err := httpapi.Match(sub, "*")
	switch {
	case err != nil:
		return httpapi.Error(httpapi.Context(req), err), nil
	case !ok:
		return httpapi.Error(httpapi.Context(req), &httpapi.Problem{Code: httpapi.CodeNotFound, Message: "no such route"}), nil
	}
	read := func(c httpapi.Call) handler.Response { return f.read(c, ids[0]) }
	return httpapi.Endpoint{Method: http.MethodGet, Auth: f.auth, Timeout: Timeout, Route: "*"}.Serve(req, read), nil
}
