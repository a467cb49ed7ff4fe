package httpapi

import (
	"context"
	"net/http"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"
)

// CodeOverloaded is the error code of a call refused because the function
// has as many calls in hand as it may (503 with Retry-After).
const CodeOverloaded Code = "overloaded"

// overloadedRetryAfter is the Retry-After of an overloaded answer.
const overloadedRetryAfter = time.Second

// Admission bounds the calls one function serves at once: a call beyond
// the bound is refused at once with 503 overloaded and Retry-After, never
// queued, so that under twice the load a function can carry it answers
// the calls it takes as fast as ever and tells the others to come back,
// instead of making every caller wait seconds. It is the order center's
// own admission control, the same in the runner and deployed; the
// watchdog's max_inflight (a plain-text 429) is a higher backstop. A nil
// *Admission admits every call. It is safe for concurrent use.
type Admission struct {
	slots chan struct{}
}

// NewAdmission admits at most limit calls at once; limit 0 or less
// admits every call (nil).
func NewAdmission(limit int) *Admission {
	if limit <= 0 {
		return nil
	}
	return &Admission{slots: make(chan struct{}, limit)}
}

// enter takes a slot and returns its release, or reports that none is
// free.
func (a *Admission) enter() (release func(), ok bool) {
	if a == nil {
		return func() {}, true
	}
	select {
	case a.slots <- struct{}{}:
		return func() { <-a.slots }, true
	default:
		return nil, false
	}
}

// InFlight is how many calls hold a slot now.
func (a *Admission) InFlight() int {
	if a == nil {
		return 0
	}
	return len(a.slots)
}

// overloaded is the answer to a call refused for want of a slot.
func overloaded(ctx context.Context) handler.Response {
	resp := Error(ctx, &Problem{Code: CodeOverloaded, RetryAfter: overloadedRetryAfter,
		Message: "the function has as many calls in hand as it may take; try again shortly"})
	resp.StatusCode = http.StatusServiceUnavailable
	return resp
}
