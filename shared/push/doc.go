// Package push talks to the push gateway (contract sections 12 and 13):
// the wire types of a push, and a Client, a thin typed layer over an
// httpcall.Client, that posts one push under its notification id as
// Idempotency-Key, within a deadline, and tells the caller what became of
// it: delivered (nil), transient ([ErrUnavailable]: a 5xx, a 429 or no
// answer, retry later), or permanent ([ErrRejected]: any other 4xx, never
// retry). A circuit breaker per Client stops calling a gateway that keeps
// failing and answers [ErrUnavailable] at once until it has had a rest.
//
// The package sandbox beside it is a gateway for the local runner and
// tests that speaks the same API.
package push
