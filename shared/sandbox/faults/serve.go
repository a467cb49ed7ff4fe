package faults

import (
	"context"
	"net/http"
	"time"

	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/sandbox/journal"
)

// CodeSandboxFault is the error code of the answers faults make.
const CodeSandboxFault httpapi.Code = "sandbox_fault"

// Serve answers one call under the armed faults, noting the fault used on
// the call being recorded (journal.Note) before anything else. fail_next
// answers its status without calling carry, with Retry-After when the
// status is 429 or 503. Otherwise carry carries the call out and returns
// how to answer it; timeout_next then withholds that answer until the
// caller gives up, or answers 504 once the longest hang has passed.
func (b *Board[F, P]) Serve(w http.ResponseWriter, r *http.Request, carry func() func(http.ResponseWriter)) {
	fault, status := b.take()
	journal.Note(r.Context()).Fault = fault
	if fault == Fail {
		httpapi.WriteProblem(w, status, b.failure(status))
		return
	}
	answer := carry()
	if fault == Timeout {
		if hang(r.Context(), b.maxHang) {
			return // the caller gave up: no answer, as with a lost one
		}
		httpapi.WriteProblem(w, http.StatusGatewayTimeout, &httpapi.Problem{Code: CodeSandboxFault,
			Message: b.who + " timed out as told (timeout_next)"})
		return
	}
	answer(w)
}

// failure is the answer of a fail_next fault with status.
func (b *Board[F, P]) failure(status int) *httpapi.Problem {
	p := &httpapi.Problem{Code: CodeSandboxFault, Message: b.who + " fails this call as told (fail_next)"}
	if status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable {
		p.RetryAfter = time.Second
	}
	return p
}

// hang waits until ctx ends or max passes; it reports whether ctx ended.
func hang(ctx context.Context, max time.Duration) bool {
	t := time.NewTimer(max)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return true
	case <-t.C:
		return false
	}
}
