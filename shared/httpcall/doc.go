// Package httpcall is the one base of the order center's clients of HTTP
// dependencies (contract section 13): the catalog, the payment provider
// and the push gateway are thin typed layers over a Client.
//
// A Client calls one dependency at a base URL: every call within a
// deadline, under the dependency's circuit breaker (package breaker),
// reading a bounded part of the answer, following no redirect. It sorts
// every outcome the same way for every dependency, into one error type,
// *Error, and its sentinels:
//
//   - 2xx: success, the Answer;
//   - ErrTransient: 5xx, 429, a timeout, a refused or broken connection
//     (with the Retry-After the dependency asked for); retrying later may
//     succeed;
//   - ErrCircuitOpen (an ErrTransient): the breaker refused the call
//     without making it, at once;
//   - ErrBadAnswer (an ErrTransient): an answer outside the contract: a
//     redirect, an oversized 2xx body, or one the typed layer cannot read;
//   - ErrPermanent: any other 4xx; retrying cannot help;
//   - ErrNotFound (an ErrPermanent): 404.
//
// A call its caller cancelled wraps context.Canceled and none of them:
// the caller went away, the dependency did not fail. Answers (2xx and
// ErrPermanent) close the breaker's count; transient failures count
// towards opening it, unless the caller's own context ended first.
package httpcall
