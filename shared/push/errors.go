package push

import "github.com/ordercenter/ordercenter/shared/httpcall"

// Outcomes of a push that did not deliver. Every error of Client.Send
// wraps exactly one of ErrUnavailable and ErrRejected; one of an answer
// or of no answer is an *httpcall.Error (its StatusCode, Code and
// RetryAfter; see httpcall.RetryAfterOf). These names are package
// httpcall's sentinels, spelled for the gateway.
var (
	// ErrUnavailable: the gateway did not take the push now (a 5xx, a 429,
	// a redirect, no answer in time, or the circuit breaker is open);
	// the same push may be sent again later. It is httpcall.ErrTransient.
	ErrUnavailable = httpcall.ErrTransient
	// ErrRejected: the gateway refused the push (a 4xx other than 429),
	// or it was invalid before sending; sending it again cannot help. It
	// is httpcall.ErrPermanent.
	ErrRejected = httpcall.ErrPermanent
	// ErrCircuitOpen is wrapped, beside ErrUnavailable, by the error of a
	// call the circuit breaker refused without calling the gateway. It is
	// httpcall.ErrCircuitOpen.
	ErrCircuitOpen = httpcall.ErrCircuitOpen
)
