package function

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/order"
)

// ReplayedHeader marks an answer replayed from the idempotency record.
const ReplayedHeader = "Idempotent-Replayed"

// resource is the 201 body: the order resource (contract section 5,
// with the project's own fields) and its payment deadline.
type resource struct {
	order.Record
	Payment payment `json:"payment"`
}

type payment struct {
	Deadline time.Time `json:"deadline"`
}

// created renders the new order for the user who placed it (phone in
// clear).
func created(rec order.Record, by order.Actor) handler.Response {
	return httpapi.JSON(http.StatusCreated, resource{Record: rec.MaskedFor(by), Payment: payment{Deadline: rec.PayDeadline}})
}

// priceChanged refuses an order whose expected_total is not the server's
// total; its answer carries the server's amounts.
type priceChanged struct{ amounts order.Amounts }

func (e *priceChanged) Error() string { return "price changed" }

// priceChangedBody is the error body of price_changed: the contract's
// error shape plus "amounts", the amounts the server computed.
type priceChangedBody struct {
	Code    httpapi.Code  `json:"code"`
	Message string        `json:"message"`
	Details []any         `json:"details,omitempty"`
	Amounts order.Amounts `json:"amounts"`
}

// failed answers err: a price change with the new amounts, an uncertain
// outcome as a 503 (the retry finishes the same order), a Problem as it
// is, anything else as a 500 that tells nothing.
func failed(ctx context.Context, err error) handler.Response {
	var pc *priceChanged
	switch {
	case errors.As(err, &pc):
		return httpapi.JSON(http.StatusConflict, map[string]any{"error": priceChangedBody{Code: CodePriceChanged,
			Message: "the total is not the expected_total: prices, fees or discounts changed", Amounts: pc.amounts}})
	case errors.Is(err, errUncertain):
		return httpapi.Error(ctx, &httpapi.Problem{Code: httpapi.CodeDependencyUnavailable,
			Message: "the order could not be confirmed; retry with the same Idempotency-Key", RetryAfter: time.Second})
	}
	return httpapi.Error(ctx, err)
}

// replay answers the saved first answer.
func replay(status int, body []byte) handler.Response {
	h := http.Header{"Content-Type": {"application/json"}, ReplayedHeader: {"true"}}
	return handler.Response{StatusCode: status, Body: body, Header: h}
}

// validJSON guards the replay of a saved body.
func validJSON(b []byte) bool { return json.Valid(b) }
