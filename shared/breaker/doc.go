// Package breaker is the order center's one circuit breaker: it cuts a
// failing dependency off so that callers answer fast instead of piling up
// on it (contract section 13).
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
// The clients of the payment provider and of the push gateway, and the
// guarded dependencies of package guard, all use it.
package breaker
