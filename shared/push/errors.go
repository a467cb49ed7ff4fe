package push

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/ordercenter/ordercenter/shared/breaker"
)

// Outcomes of a push that did not deliver. Every error of Client.Send
// wraps exactly one of them.
var (
	// ErrUnavailable: the gateway did not take the push now (a 5xx, a 429,
	// a redirect, no answer in time, or the circuit breaker is open);
	// the same push may be sent again later.
	ErrUnavailable = errors.New("push gateway unavailable")
	// ErrRejected: the gateway refused the push (a 4xx other than 429),
	// or it was invalid before sending; sending it again cannot help.
	ErrRejected = errors.New("push rejected")
	// ErrCircuitOpen is wrapped, beside ErrUnavailable, by the error of a
	// call the circuit breaker refused without calling the gateway.
	ErrCircuitOpen = errors.New("push gateway circuit open")
)

// StatusError is an answer of the gateway other than 2xx. It is wrapped
// together with ErrUnavailable or ErrRejected.
type StatusError struct {
	// StatusCode is the HTTP status answered.
	StatusCode int
	// Code is the error code of the answer's body
	// ({"error": {"code": ...}}), when it had one.
	Code string
	// RetryAfter is what the Retry-After header asked for (0: nothing).
	RetryAfter time.Duration
}

// Error names the status and the code, never the body's free text.
func (e *StatusError) Error() string {
	s := fmt.Sprintf("gateway answered %d %s", e.StatusCode, http.StatusText(e.StatusCode))
	if e.Code != "" {
		s += " (" + e.Code + ")"
	}
	return s
}

func (e *StatusError) retryAfter() time.Duration { return e.RetryAfter }

// openError is the cause of a call refused by the open breaker.
type openError struct{ remaining time.Duration }

// refused is the cause of a call the breaker refused with err (a
// *breaker.OpenError).
func refused(err error) *openError {
	var open *breaker.OpenError
	if errors.As(err, &open) {
		return &openError{remaining: open.RetryIn}
	}
	return &openError{}
}

func (e *openError) Error() string        { return ErrCircuitOpen.Error() }
func (e *openError) Is(target error) bool { return target == ErrCircuitOpen }

func (e *openError) retryAfter() time.Duration { return e.remaining }

// RetryAfter returns how long err asks the caller to wait before sending
// again: the gateway's Retry-After, or the time the breaker stays open;
// 0 when err says nothing of it.
func RetryAfter(err error) time.Duration {
	var hint interface{ retryAfter() time.Duration }
	if errors.As(err, &hint) {
		return hint.retryAfter()
	}
	return 0
}
