package order

import (
	"fmt"
	"strings"
)

// EventType is the type of an event (contract section 11). It is a closed
// set: the zero EventType is invalid (it cannot be encoded, and no event
// decodes with it); the others are declared here.
type EventType struct{ s string }

// The event types of contract section 11. The event of a status move is
// "order." followed by the new status in lower case.
var (
	EventCreated         = EventType{"order.created"}
	EventPaid            = EventType{"order.paid"}
	EventAccepted        = EventType{"order.accepted"}
	EventReady           = EventType{"order.ready"}
	EventDelivering      = EventType{"order.delivering"}
	EventDelivered       = EventType{"order.delivered"}
	EventCompleted       = EventType{"order.completed"}
	EventCancelled       = EventType{"order.cancelled"}
	EventRefundRequested = EventType{"refund.requested"}
	EventRefundSucceeded = EventType{"refund.succeeded"}
	EventRefundFailed    = EventType{"refund.failed"}
	EventPaymentAnomaly  = EventType{"payment.anomaly"}
)

// EventTypes lists every event type, status moves first in the order of
// the flow. The slice is the caller's.
func EventTypes() []EventType {
	return []EventType{
		EventCreated, EventPaid, EventAccepted, EventReady, EventDelivering,
		EventDelivered, EventCompleted, EventCancelled, EventRefundRequested,
		EventRefundSucceeded, EventRefundFailed, EventPaymentAnomaly,
	}
}

// EventSubjectPrefix begins the NATS subject of every event: an event of
// type t is published on t.Subject(), "orders.events.<type>".
const EventSubjectPrefix = "orders.events."

// ParseEventType returns the event type spelled s (exactly). Anything
// else, including "", is an error wrapping ErrInvalidEvent.
func ParseEventType(s string) (EventType, error) {
	for _, t := range EventTypes() {
		if t.s == s {
			return t, nil
		}
	}
	return EventType{}, fmt.Errorf("%w: unknown event type %q", ErrInvalidEvent, s)
}

// String returns the type as the contract spells it ("" for the zero
// EventType).
func (t EventType) String() string { return t.s }

// IsZero reports whether t is the zero EventType.
func (t EventType) IsZero() bool { return t == EventType{} }

// IsStatus reports whether events of type t tell a status of the order
// ("order.*"), which a later status supersedes.
func (t EventType) IsStatus() bool { return strings.HasPrefix(t.s, "order.") }

// Subject is the NATS subject events of type t are published on.
func (t EventType) Subject() string { return EventSubjectPrefix + t.s }

// MarshalText encodes t as its name, so that JSON holds the plain string.
// The zero EventType cannot be encoded.
func (t EventType) MarshalText() ([]byte, error) {
	if t.IsZero() {
		return nil, fmt.Errorf("%w: zero event type", ErrInvalidEvent)
	}
	return []byte(t.s), nil
}

// UnmarshalText decodes an event type's name; unknown names are an error
// wrapping ErrInvalidEvent.
func (t *EventType) UnmarshalText(b []byte) error {
	typ, err := ParseEventType(string(b))
	if err != nil {
		return err
	}
	*t = typ
	return nil
}
