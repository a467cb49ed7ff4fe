// Package provider is the order center's client of the payment
// provider's refund API (contract sections 8 and 13): POST
// $PAYMENT_PROVIDER_URL/refunds with the refund id as Idempotency-Key, a
// thin typed layer over an httpcall.Client (a deadline on every call, a
// circuit breaker that answers fast while the provider is failing, a
// bounded answer).
//
// A call ends in one of three ways: an Answer (2xx, "succeeded" or
// "pending"), an error wrapping ErrTransient (5xx, 429, no answer, an
// unreadable answer, or the breaker open, ErrCircuitOpen: retry later,
// under the same refund id), or an error wrapping ErrPermanent (any other
// 4xx, or a 2xx that says "failed": the refund will not happen). Errors
// are *httpcall.Error values that carry the status, the error code and
// any Retry-After (httpcall.RetryAfterOf).
package provider
