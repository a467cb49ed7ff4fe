package order

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Event tells what happened to an order (contract section 11); a consumer
// that needs more reads the order. It is published on Type.Subject() with
// Nats-Msg-Id = EventID. Data holds the event's own facts, the payload of
// its type (PaidData for order.paid, ...); it encodes as {} when nil, and
// an event whose Data is of another type cannot be encoded. An event
// decoded from JSON (see DecodeEvent) always has the Data of its type.
type Event struct {
	EventID      string     `json:"event_id"`
	Type         EventType  `json:"type"`
	OrderID      string     `json:"order_id"`
	UserID       string     `json:"user_id"`
	StoreID      string     `json:"store_id"`
	OrderVersion int64      `json:"order_version"`
	OccurredAt   time.Time  `json:"occurred_at"`
	PublishedAt  *time.Time `json:"published_at,omitempty"`
	Data         EventData  `json:"data"`
}

// eventFields are the fields of an Event, without its methods.
type eventFields Event

// MarshalJSON encodes the event as contract section 11 spells it, a nil
// Data as {}. A zero Type, or Data of another type, is an error wrapping
// ErrInvalidEvent.
func (e Event) MarshalJSON() ([]byte, error) {
	data := []byte("{}")
	if e.Data != nil {
		if e.Data.EventType() != e.Type {
			return nil, fmt.Errorf("event %s: %w: data %T in an event of type %q",
				e.EventID, ErrInvalidEvent, e.Data, e.Type)
		}
		var err error
		if data, err = json.Marshal(e.Data); err != nil {
			return nil, fmt.Errorf("event %s: data: %w", e.EventID, err)
		}
	}
	return json.Marshal(struct {
		eventFields
		Data json.RawMessage `json:"data"`
	}{eventFields(e), data})
}

// UnmarshalJSON decodes an event, its data into the payload of its type.
// Unknown fields are ignored. An unknown or missing type, or data that
// does not fit the type, is an *InvalidEventError.
func (e *Event) UnmarshalJSON(b []byte) error {
	var w wireEvent
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	ev, err := w.event()
	if err != nil {
		return err
	}
	*e = ev
	return nil
}

// wireEvent is an event as JSON holds it, before its type is known.
type wireEvent struct {
	eventFields
	Type string          `json:"type"`
	Data json.RawMessage `json:"data"`
}

// event is the Event of w, its data decoded by its type.
func (w wireEvent) event() (Event, error) {
	typ, err := ParseEventType(w.Type)
	if err != nil {
		return Event{}, invalidEvent("type", "unknown event type %.64q", w.Type)
	}
	data, err := dataDecoders[typ](w.Data)
	if err != nil {
		return Event{}, invalidEvent("data", "%s", describeJSONError(err))
	}
	e := Event(w.eventFields)
	e.Type, e.Data = typ, data
	return e, nil
}

// EventIDFor returns the id of the n-th event (from 1) of the change that
// produced the given version of an order: "<order_id>-<version>-<n>".
// Deterministic, so a replayed change yields the same ids.
func EventIDFor(orderID string, version int64, n int) string {
	return orderID + "-" + strconv.FormatInt(version, 10) + "-" + strconv.Itoa(n)
}

// statusEvent returns the type of the event of a move to s.
func statusEvent(s Status) EventType {
	return EventType{"order." + strings.ToLower(s.String())}
}
