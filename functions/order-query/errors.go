package function

import (
	"context"
	"errors"
	"time"

	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/pagecursor"
)

var (
	// errHidden: the order exists but is not the caller's; it answers
	// 404, exactly as a missing order does.
	errHidden = errors.New("order not visible to the caller")
	// errForbidden: the caller's role may not read the list at all.
	errForbidden = errors.New("list not readable by the caller")
)

// problemOf maps an error of the use case to what the client is told: the
// one place that does.
func problemOf(ctx context.Context, err error) error {
	var p *httpapi.Problem
	switch {
	case errors.As(err, &p):
		return p
	case errors.Is(err, orderstore.ErrNotFound), errors.Is(err, errHidden):
		return &httpapi.Problem{Code: httpapi.CodeNotFound, Message: "no such order"}
	case errors.Is(err, errForbidden):
		return &httpapi.Problem{Code: httpapi.CodeForbidden, Message: "this list is not yours to read"}
	case errors.Is(err, pagecursor.ErrInvalid), errors.Is(err, orderstore.ErrInvalidCursor):
		return httpapi.Invalid("cursor", "not a cursor of this list")
	case errors.Is(err, orderstore.ErrUnavailable), ctx.Err() != nil:
		return &httpapi.Problem{Code: httpapi.CodeDependencyUnavailable,
			Message: "the order store is unavailable; try again", RetryAfter: time.Second}
	}
	return err
}
