package order

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// MaxEventBytes is the largest event DecodeEvent accepts.
const MaxEventBytes = 64 * 1024

// InvalidEventError is why an event can never be handled, however often
// it is tried: the field at fault and the problem, in words fit for the
// sender (it never echoes the body). It wraps ErrInvalidEvent.
type InvalidEventError struct {
	Field, Problem string
}

// Error says what is wrong with the event.
func (e *InvalidEventError) Error() string { return "invalid event: " + e.Field + ": " + e.Problem }

// Unwrap returns ErrInvalidEvent.
func (e *InvalidEventError) Unwrap() error { return ErrInvalidEvent }

func invalidEvent(field, format string, args ...any) error {
	return &InvalidEventError{Field: field, Problem: fmt.Sprintf(format, args...)}
}

// Bounds of an event's ids: an order id is 26 characters and an event id
// "<order_id>-<version>-<n>"; user and store ids are at most 64.
const (
	maxOrderIDLen = 64
	maxEventIDLen = 128
)

// DecodeEvent reads one event as a consumer receives it, the one decoder
// of every consumer: the JSON of an Event (contract section 11), at most
// MaxEventBytes, and the subject it came on ("orders.events.<type>"; ""
// or any other subject names no type). The subject gives the type when
// the body has none, and must agree with it otherwise. Unknown fields
// are ignored, so that events may grow; the data decodes into the
// payload of the type. Every event needs an event_id and an order_id.
// Errors are *InvalidEventError, wrapping ErrInvalidEvent.
func DecodeEvent(body []byte, subject string) (Event, error) {
	if len(body) > MaxEventBytes {
		return Event{}, invalidEvent("body", "larger than %d bytes", MaxEventBytes)
	}
	var w wireEvent
	if err := json.Unmarshal(body, &w); err != nil {
		return Event{}, invalidEvent("body", "%s", describeJSONError(err))
	}
	if named, ok := strings.CutPrefix(subject, EventSubjectPrefix); ok && named != "" {
		if w.Type == "" {
			w.Type = named
		} else if w.Type != named {
			return Event{}, invalidEvent("type", "%.64q does not match the subject %.80q", w.Type, subject)
		}
	}
	e, err := w.event()
	switch {
	case err != nil:
		return Event{}, err
	case e.EventID == "" || len(e.EventID) > maxEventIDLen:
		return Event{}, invalidEvent("event_id", "required, at most %d bytes", maxEventIDLen)
	case e.OrderID == "" || len(e.OrderID) > maxOrderIDLen:
		return Event{}, invalidEvent("order_id", "required, at most %d bytes", maxOrderIDLen)
	case len(e.UserID) > maxOrderIDLen || len(e.StoreID) > maxOrderIDLen:
		return Event{}, invalidEvent("user_id", "user_id and store_id: at most %d bytes", maxOrderIDLen)
	}
	return e, nil
}

// describeJSONError says what is wrong with some JSON without echoing it.
func describeJSONError(err error) string {
	var syntaxErr *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntaxErr):
		return fmt.Sprintf("malformed JSON at byte %d", syntaxErr.Offset)
	case errors.As(err, &typeErr) && typeErr.Field != "":
		return fmt.Sprintf("field %q has the wrong type", typeErr.Field)
	case errors.As(err, &typeErr):
		return "not a JSON object"
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "empty or truncated JSON"
	case errors.Is(err, ErrInvalidOrder):
		return "a value out of its set" // an unknown status, action or kind
	}
	return "not a JSON event"
}
