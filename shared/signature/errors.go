package signature

import (
	"errors"
	"fmt"
)

// Sentinel errors of Verify. Verify wraps them with what it found; test for
// them with errors.Is. Every refusal of a header wraps ErrInvalid as well.
var (
	// ErrInvalid: the webhook is not authentic or not fresh; the receiver
	// answers 401 and changes nothing. ErrMissing, ErrMalformed, ErrStale
	// and ErrMismatch all wrap it.
	ErrInvalid = errors.New("invalid signature")
	// ErrMissing: the header is absent or blank.
	ErrMissing = fmt.Errorf("%w: missing", ErrInvalid)
	// ErrMalformed: the header is too long, has too many parts, has no t or
	// several, a t that is not Unix seconds, no v1, or a v1 that is not the
	// hex of a SHA-256 HMAC.
	ErrMalformed = fmt.Errorf("%w: malformed", ErrInvalid)
	// ErrStale: t is further from the receiver's clock than the tolerance,
	// in the past or in the future.
	ErrStale = fmt.Errorf("%w: timestamp outside tolerance", ErrInvalid)
	// ErrMismatch: no v1 is the HMAC of the body under any of the secrets.
	ErrMismatch = fmt.Errorf("%w: no matching signature", ErrInvalid)
	// ErrNoSecrets: the receiver was given no usable (non-empty) secret.
	// It is the receiver's fault, not the sender's, and does not wrap
	// ErrInvalid: a receiver answers it as an internal error.
	ErrNoSecrets = errors.New("no payment webhook secret configured")
)
