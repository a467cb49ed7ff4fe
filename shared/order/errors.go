package order

import "errors"

// Sentinel errors of the order domain. Methods wrap them with the order id
// and what was attempted; test for them with errors.Is.
var (
	// ErrInvalidOrder: the draft, record, reason or payment data is
	// malformed or incoherent (the API answers 400). The wrapped message
	// names every problem found.
	ErrInvalidOrder = errors.New("invalid order")
	// ErrInvalidTransition: the actor's role may perform the action, but
	// not from the order's current status (the API answers 409
	// invalid_transition).
	ErrInvalidTransition = errors.New("invalid transition")
	// ErrNotAllowed: the actor may never perform the action, in any status,
	// or the order is not theirs (the API answers 403, or 404 when the
	// order is not visible to the actor).
	ErrNotAllowed = errors.New("not allowed")
	// ErrPaymentMismatch: a payment's amount or currency differs from the
	// order's total; the order is not paid (the API records a payment
	// anomaly and refunds it).
	ErrPaymentMismatch = errors.New("payment mismatch")
	// ErrInvalidEvent: an event cannot be encoded or decoded, or lacks
	// what every event needs (see DecodeEvent and InvalidEventError);
	// retrying cannot mend it, so consumers drop or dead-letter it.
	ErrInvalidEvent = errors.New("invalid event")
)
