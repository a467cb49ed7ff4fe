package sandbox

import "errors"

// Sentinel errors of the Provider's operations, wrapped with the event or
// refund concerned; test for them with errors.Is. Over HTTP they answer
// 400, 404, 404, 409, 502 and 500.
var (
	// ErrInvalidRequest: a PayRequest or completion outcome is malformed.
	ErrInvalidRequest = errors.New("invalid request")
	// ErrUnknownEvent: Redeliver was given an event id never sent.
	ErrUnknownEvent = errors.New("unknown event")
	// ErrUnknownRefund: CompleteRefund was given a refund id never taken.
	ErrUnknownRefund = errors.New("unknown refund")
	// ErrNotPending: CompleteRefund was given a refund that is not pending.
	ErrNotPending = errors.New("refund not pending")
	// ErrNotDelivered: the webhook got no answer (refused connection,
	// timeout). The event was kept: Redeliver sends it again.
	ErrNotDelivered = errors.New("webhook not delivered")
	// ErrNoSecrets: Config.Secrets returned no usable secret to sign with.
	ErrNoSecrets = errors.New("no webhook secret to sign with")
)
