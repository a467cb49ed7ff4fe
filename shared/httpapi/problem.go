package httpapi

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/order"
)

// Code is an error code of the contract (section 4).
type Code string

// The contract's error codes.
const (
	CodeInvalidRequest        Code = "invalid_request"
	CodeUnauthorized          Code = "unauthorized"
	CodeForbidden             Code = "forbidden"
	CodeNotFound              Code = "not_found"
	CodeConflict              Code = "conflict"
	CodeInvalidTransition     Code = "invalid_transition"
	CodeRequestInProgress     Code = "request_in_progress"
	CodeIdempotencyKeyReused  Code = "idempotency_key_reused"
	CodeRateLimited           Code = "rate_limited"
	CodeDependencyUnavailable Code = "dependency_unavailable"
	CodeInternal              Code = "internal"
)

// statusOf maps codes to HTTP statuses: the one place that does. Codes not
// listed (the business conflicts of place-order) are 409.
var statusOf = map[Code]int{
	CodeInvalidRequest:        http.StatusBadRequest,
	CodeUnauthorized:          http.StatusUnauthorized,
	CodeForbidden:             http.StatusForbidden,
	CodeNotFound:              http.StatusNotFound,
	CodeIdempotencyKeyReused:  http.StatusUnprocessableEntity,
	"refund_exceeds_paid":     http.StatusUnprocessableEntity,
	"payment_mismatch":        http.StatusUnprocessableEntity,
	CodeRateLimited:           http.StatusTooManyRequests,
	CodeDependencyUnavailable: http.StatusServiceUnavailable,
	CodeInternal:              http.StatusInternalServerError,
}

// Status is the HTTP status of a code.
func (c Code) Status() int {
	if s, ok := statusOf[c]; ok {
		return s
	}
	return http.StatusConflict
}

// Detail names one field and what is wrong with it.
type Detail struct {
	Field   string `json:"field"`
	Problem string `json:"problem"`
}

// Problem is an error meant for the client: its message is safe to show.
type Problem struct {
	Code       Code          `json:"code"`
	Message    string        `json:"message"`
	Details    []Detail      `json:"details,omitempty"`
	RetryAfter time.Duration `json:"-"`
}

// Error is the code and the message.
func (p *Problem) Error() string { return string(p.Code) + ": " + p.Message }

// Invalid is a 400 naming the field at fault.
func Invalid(field, problem string) *Problem {
	return &Problem{Code: CodeInvalidRequest, Message: field + ": " + problem,
		Details: []Detail{{Field: field, Problem: problem}}}
}

// Error answers err: a Problem as it is, anything else as a 500 whose text
// is logged with ctx (so the line carries the call's trace id), never
// sent. This and Code.Status are the one map from errors to statuses.
func Error(ctx context.Context, err error) handler.Response {
	var p *Problem
	if !errors.As(err, &p) {
		slog.ErrorContext(ctx, "internal error", "err", err)
		p = &Problem{Code: CodeInternal, Message: "internal error"}
	}
	body := map[string]any{"error": p}
	resp := JSON(p.Code.Status(), body)
	if p.RetryAfter > 0 {
		resp.Header.Set("Retry-After", strconv.Itoa(int((p.RetryAfter+time.Second-1)/time.Second)))
	}
	return resp
}

// InvalidEvent is the 400 of an event that cannot be decoded
// (order.DecodeEvent): the field at fault and what is wrong with it.
func InvalidEvent(err error) *Problem {
	var bad *order.InvalidEventError
	if errors.As(err, &bad) {
		return Invalid(bad.Field, bad.Problem)
	}
	return Invalid("body", "not an order event")
}
