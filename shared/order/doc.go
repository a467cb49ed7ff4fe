// Package order is the order domain of the order center: the order itself,
// its statuses, who may move it from one status to the next, and the
// changes and events every move produces.
//
// An Order is built in one of two ways. New validates a Draft computed by
// the place-order use case and starts the order in PENDING_PAYMENT.
// FromRecord rehydrates an order that was stored before; it is for loading
// from storage only. Fields are unexported, so an Order can change only
// through its guarded methods: Pay, for the payment provider's
// confirmation, and Apply, for every other status move (contract section
// 5). A refused move returns a sentinel error (ErrInvalidTransition,
// ErrNotAllowed, ErrPaymentMismatch, ErrInvalidOrder) and leaves the order
// untouched.
//
// Each successful move bumps the order's version by one and appends a
// Change: the committed step, from which the timeline entry and the
// outgoing events derive. The repository writes the order's Record with a
// condition on the previous version and persists the pending Changes.
//
// Events (contract section 11) are typed: an EventType is a closed set
// like Status, and each type has its own payload (PaidData for
// order.paid, CancelledData for order.cancelled, ...), which Event.Data
// holds. DecodeEvent is the one decoder of every consumer; the golden
// files in testdata/events pin the wire format, and
// testdata/stored/changes-v1.json what the repository stored before the
// events were typed (go test -update rewrites those of testdata/events).
package order
