package provider

import "github.com/ordercenter/ordercenter/shared/httpcall"

// The client's outcomes are package httpcall's: every failed call returns
// an *httpcall.Error (its StatusCode, Code, RetryAfter; see
// httpcall.RetryAfterOf). These names are the same sentinels, spelled for
// the provider; test for them with errors.Is.
var (
	// ErrTransient: the provider did not answer, or answered 5xx or 429,
	// or answered outside the contract, or the breaker is open; the same
	// call may succeed later. It is httpcall.ErrTransient.
	ErrTransient = httpcall.ErrTransient
	// ErrPermanent: the provider refused the refund (4xx other than 429)
	// or reported it failed; retrying cannot help. It is
	// httpcall.ErrPermanent.
	ErrPermanent = httpcall.ErrPermanent
	// ErrCircuitOpen: the breaker refused the call without making it. It
	// is httpcall.ErrCircuitOpen, and wraps ErrTransient.
	ErrCircuitOpen = httpcall.ErrCircuitOpen
)
