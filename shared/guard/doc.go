// Package guard protects a function from the dependencies it calls
// (DESIGN principle 5, contract section 13): every call gets its own
// deadline below the caller's, a circuit breaker per dependency cuts a
// failing one off so that callers answer fast instead of piling up, and
// a short-lived cache in Redis (with a smaller in-process layer in front)
// spares the dependency the reads it has just answered.
//
// A Dependency is a name, a timeout and a breaker.Breaker. Do runs one
// call under them:
//
//	store := guard.NewDependency("catalog.store", 300*time.Millisecond, breaker.Config{})
//	s, err := guard.Do(ctx, store, func(ctx context.Context) (catalog.Store, error) {
//		return client.GetStore(ctx, id)
//	})
//
// Errors that mean "the dependency answered, and the answer is no" (a
// 404, say) must not open the breaker: the dependency's Failure function
// decides what counts, and a call whose caller gave up counts for nothing.
// A call refused by an open breaker returns an error wrapping
// breaker.ErrOpen; RetryAfter tells how long until the next probe, for a
// Retry-After.
//
// Nothing here is load-bearing for correctness: a cold function starts
// with closed breakers and empty in-process caches, and every cached
// entry expires within seconds.
package guard
