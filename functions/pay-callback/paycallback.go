// Package function is pay-callback (contract section 7): the payment
// provider's webhooks, verified before anything else, then applied to the
// order idempotently and in any order. A payment.succeeded pays the order,
// or, when the order cannot take it (wrong amount or currency, already
// cancelled, already paid under another txn_id), records a payment anomaly
// and a payment return that the refund function carries out; a
// payment.failed is noted on the timeline; refund.succeeded and
// refund.failed settle a refund the provider had answered pending. The
// provider gets its 200 once the change is committed; pushes, stock
// confirmation and the returns follow through events. Every verified
// notification about an order of ours is written to that order's payment
// ledger (package ledger), with what came of it.
package function

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/payment/apply"
	"github.com/ordercenter/ordercenter/shared/payment/ledger"
	"github.com/ordercenter/ordercenter/shared/refund"
	"github.com/ordercenter/ordercenter/shared/signature"
)

// Timeout bounds one call: a provider waits a few seconds for its answer.
const Timeout = 10 * time.Second

// Orders is what pay-callback needs of the order repository.
type Orders interface {
	Update(ctx context.Context, id string, expectedVersion int64, fn func(*order.Order) error) (order.Record, error)
}

// Deps are what New needs; Ledger (the payment ledger the notifications
// are written to; nil: none), Now and Logger are optional.
type Deps struct {
	Orders  Orders
	Ledger  *ledger.Recorder
	Refunds *refund.Service
	Secrets Secrets
	Now     func() time.Time
	Logger  *slog.Logger
}

// Function is pay-callback, for the runner and for Handle.
type Function struct {
	payments *apply.Applier
	refunds  *refund.Service
	verify   *verifier
	now      func() time.Time
	log      *slog.Logger
}

// New returns the function over its dependencies.
func New(d Deps) *Function {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	return &Function{payments: apply.New(d.Orders, d.Refunds, d.Ledger, d.Now), refunds: d.Refunds,
		now: d.Now, log: d.Logger, verify: &verifier{secrets: d.Secrets, now: d.Now}}
}

// Refused returns how many webhooks this instance refused for their
// signature.
func (f *Function) Refused() int64 { return f.verify.refused.Load() }

// Handle serves one webhook: POST, body at most 64 KiB, Pay-Signature
// verified over the raw body before it is even decoded.
func (f *Function) Handle(req handler.Request) (handler.Response, error) {
	return httpapi.Endpoint{Method: http.MethodPost, Timeout: Timeout}.Serve(req, f.serve), nil
}

// serve answers one webhook past the preamble.
func (f *Function) serve(c httpapi.Call) handler.Response {
	ctx, req := c.Ctx, c.Req
	if len(req.Body) > httpapi.MaxBodyBytes {
		return httpapi.Error(ctx, httpapi.Invalid("body", "larger than 64 KiB"))
	}
	if err := f.verify.verify(ctx, req.Header.Get(signature.HeaderName), req.Body); err != nil {
		return f.refuse(ctx, req, err)
	}
	n, err := Decode(req.Body)
	if err != nil {
		f.log.WarnContext(ctx, "payment notification malformed", "body_bytes", len(req.Body), "err", err)
		return httpapi.Error(ctx, err)
	}
	return f.answer(ctx, n, f.process(ctx, n, req.Body))
}

// process dispatches a verified notification by type; whoever applies it
// writes it to the order's payment ledger, with body as received.
func (f *Function) process(ctx context.Context, n Notification, body []byte) error {
	seen := ledger.Entry{Kind: ledger.KindNotification, Source: ledger.SourceWebhook, EventID: n.EventID, Body: body}
	switch n.Type {
	case TypePaymentSucceeded:
		return f.payment(ctx, n, seen)
	case TypePaymentFailed:
		return f.paymentFailed(ctx, n, seen)
	}
	return f.refundOutcome(ctx, n, seen)
}

// answer maps what processing said to the provider's answer.
func (f *Function) answer(ctx context.Context, n Notification, err error) handler.Response {
	switch {
	case err == nil:
		return httpapi.JSON(http.StatusOK, map[string]string{"result": "success"})
	case errors.Is(err, errUnknownOrder):
		return httpapi.Error(ctx, &httpapi.Problem{Code: httpapi.CodeNotFound, Message: "no such order or refund"})
	case errors.Is(err, order.ErrInvalidOrder):
		return httpapi.Error(ctx, &httpapi.Problem{Code: httpapi.CodeInvalidRequest, Message: "the notification is invalid"})
	}
	f.log.ErrorContext(ctx, "payment notification not processed; the provider will retry",
		"event_id", n.EventID, "type", n.Type, "order_id", n.OrderID, "err", err)
	return httpapi.Error(ctx, &httpapi.Problem{Code: httpapi.CodeDependencyUnavailable,
		Message: "the notification could not be processed now; retry later", RetryAfter: 5 * time.Second})
}

// refuse answers a webhook that failed verification: 401 for the sender's
// fault, logged without the body; 500 when the function has no secrets.
func (f *Function) refuse(ctx context.Context, req handler.Request, err error) handler.Response {
	if !errors.Is(err, signature.ErrInvalid) {
		f.log.ErrorContext(ctx, "pay-callback cannot verify webhooks", "err", err)
		return httpapi.Error(ctx, errors.New("no webhook secrets"))
	}
	f.log.WarnContext(ctx, "payment webhook refused", "reason", reasonOf(err), "detail", err.Error(),
		"body_bytes", len(req.Body), "forwarded_for", req.Header.Get("X-Forwarded-For"), "refused_total", f.Refused())
	return httpapi.Error(ctx, &httpapi.Problem{Code: httpapi.CodeUnauthorized, Message: "bad, missing or stale Pay-Signature"})
}
