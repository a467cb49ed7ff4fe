package breaker

import "context"

// Outcome is what one call says of its dependency.
type Outcome int

// The outcomes of a call.
const (
	// Success: the dependency answered (even if the answer was no).
	Success Outcome = iota
	// Failure: the dependency failed; it counts towards opening.
	Failure
	// Ignored: the call says nothing of the dependency (its caller gave
	// up); it neither counts nor resets the count.
	Ignored
)

// Judge tells what a call made for a caller whose context is ctx, and
// that ended in err, says of the dependency: Success when err is nil or
// answered(err) holds (the dependency answered, and the answer was no:
// a 404, a refusal); Ignored when the caller's context has ended (it
// cancelled the call or its own deadline passed); Failure otherwise.
// answered may be nil.
func Judge(ctx context.Context, err error, answered func(error) bool) Outcome {
	switch {
	case err == nil || (answered != nil && answered(err)):
		return Success
	case ctx.Err() != nil:
		return Ignored
	}
	return Failure
}
