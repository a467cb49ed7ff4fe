// Package breaker is the order center's one circuit breaker: it cuts a
// failing dependency off so that callers answer fast instead of piling up
// on it (contract section 13). It is a thin layer over
// github.com/sony/gobreaker/v2 that keeps, for every user, one Config,
// one refusal error (*OpenError, telling how long until the next trial)
// and one log line per change of state.
//
// A Breaker counts failures in a row. At the threshold it opens and
// refuses calls for a while; then it lets one trial call through
// (half-open), whose success closes it and whose failure opens it again.
// Each admitted call is recorded through the function Allow returned for
// it, so that a call admitted before the breaker opened cannot move it
// afterwards, and a call whose caller gave up (Ignored) says nothing.
//
//	record, err := b.Allow()
//	if err != nil {
//		return err // an *OpenError: the call was not made
//	}
//	err = call(ctx)
//	record(breaker.Judge(ctx, err, isAnswer))
//
// The library reads the wall clock, so a breaker's open time passes in
// real time (tests give it a short OpenFor).
//
// The outbound HTTP clients (package httpcall, under the catalog, payment
// provider and push gateway clients) and the guarded dependencies of
// package guard all use it.
package breaker
