package function

import (
	"context"
	"errors"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/refund"
)

// Codes of the contract that httpapi does not name.
const (
	codeRefundExceedsPaid httpapi.Code = "refund_exceeds_paid"
)

// problemOf maps the errors of the refund service to the contract's
// answers: the one place that does. Anything else is an internal error.
func problemOf(err error) *httpapi.Problem {
	p := func(code httpapi.Code, msg string) *httpapi.Problem {
		return &httpapi.Problem{Code: code, Message: msg}
	}
	switch {
	case errors.Is(err, refund.ErrNotFound):
		return p(httpapi.CodeNotFound, "no such refund")
	case errors.Is(err, refund.ErrOrderNotFound):
		return p(httpapi.CodeNotFound, "no such order")
	case errors.Is(err, order.ErrTipGoesLast):
		return p(codeRefundExceedsPaid, "the order's tip goes back only with all the rest: ask for less, or for all that is left")
	case errors.Is(err, order.ErrRefundExceedsPaid):
		return p(codeRefundExceedsPaid, "more than was paid minus what is refunded or being refunded")
	case errors.Is(err, order.ErrRefundIDReused):
		return p(httpapi.CodeIdempotencyKeyReused, "this refund_id names a refund of another amount")
	case errors.Is(err, refund.ErrRefundIDTaken):
		return p(httpapi.CodeConflict, "this refund_id names a refund of another order")
	case errors.Is(err, order.ErrTooManyRefunds):
		return p(httpapi.CodeConflict, "the order has as many refunds as it may have")
	case errors.Is(err, refund.ErrBusy):
		return &httpapi.Problem{Code: httpapi.CodeConflict, Message: "the order is changing; try again", RetryAfter: time.Second}
	case errors.Is(err, order.ErrInvalidTransition):
		return p(httpapi.CodeInvalidTransition, "the order cannot be refunded now by this caller: it was never paid, or, for its user, is not delivered yet")
	case errors.Is(err, order.ErrRefundWindowClosed):
		return p(httpapi.CodeForbidden, "the after-sales window of this order is over")
	case errors.Is(err, order.ErrNotAllowed):
		return p(httpapi.CodeForbidden, "this role may not refund orders")
	case errors.Is(err, order.ErrInvalidOrder):
		return p(httpapi.CodeInvalidRequest, "the refund request is invalid")
	}
	return nil
}

// problem answers err: a mapped error as the client's problem, a timeout
// or store outage as 503, anything else as a logged 500.
func (f *Function) problem(ctx context.Context, err error) handler.Response {
	if p := problemOf(err); p != nil {
		return httpapi.Error(ctx, p)
	}
	if unavailable(err) {
		f.log.WarnContext(ctx, "refund dependency unavailable", "err", err)
		return httpapi.Error(ctx, &httpapi.Problem{Code: httpapi.CodeDependencyUnavailable,
			Message: "the refund service cannot reach its store; try again", RetryAfter: time.Second})
	}
	var pr *httpapi.Problem
	if errors.As(err, &pr) {
		return httpapi.Error(ctx, pr)
	}
	f.log.ErrorContext(ctx, "refund call failed", "err", err)
	return httpapi.Error(ctx, errors.New("internal")) // logged above; never sent
}
