package function

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
)

var (
	// errHidden: the order exists but is not the caller's; it answers 404
	// exactly as a missing order does.
	errHidden = errors.New("order not visible to the caller")
	// errStale: the order is not at the caller's expected_version.
	errStale = errors.New("order not at the expected version")
	// errBadReason: the reason is too long or not UTF-8.
	errBadReason = errors.New("invalid reason")
)

// transitionError is order.ErrInvalidTransition with the status the order
// was in, which the client may be told.
type transitionError struct {
	status order.Status
	err    error
}

func (e *transitionError) Error() string { return e.err.Error() }
func (e *transitionError) Unwrap() error { return e.err }

// problemOf maps an error of the use case to what the client is told: the
// one place that does.
func problemOf(ctx context.Context, action order.Action, err error) error {
	var p *httpapi.Problem
	var te *transitionError
	switch {
	case errors.As(err, &p):
		return p
	case errors.Is(err, orderstore.ErrNotFound), errors.Is(err, errHidden):
		return &httpapi.Problem{Code: httpapi.CodeNotFound, Message: "no such order"}
	case errors.Is(err, order.ErrNotAllowed):
		return &httpapi.Problem{Code: httpapi.CodeForbidden,
			Message: fmt.Sprintf("your role may not %s an order", action)}
	case errors.As(err, &te):
		return &httpapi.Problem{Code: httpapi.CodeInvalidTransition,
			Message: fmt.Sprintf("an order that is %s cannot be moved by %s", te.status, action)}
	case errors.Is(err, errStale), errors.Is(err, orderstore.ErrConflict):
		return &httpapi.Problem{Code: httpapi.CodeConflict,
			Message: "the order has changed; read it again and retry"}
	case errors.Is(err, errBadReason):
		return httpapi.Invalid("reason", fmt.Sprintf("at most %d characters of valid UTF-8", order.MaxTextLen))
	case errors.Is(err, orderstore.ErrUnavailable), ctx.Err() != nil:
		return &httpapi.Problem{Code: httpapi.CodeDependencyUnavailable,
			Message: "the order store is unavailable; try again", RetryAfter: time.Second}
	}
	return err
}
