package function

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/push"
)

// MaxEventBytes is the largest event accepted.
const MaxEventBytes = httpapi.MaxBodyBytes

// maxEventIDLen leaves room in a notification id for ".<kind>".
const maxEventIDLen = push.MaxIDLen - len(".merchant")

// ErrInvalidEvent is wrapped by the error of an event that cannot be
// handled however often it is tried: not JSON, or missing what its
// pushes need. Notify returns it marked events.Permanent.
var ErrInvalidEvent = errors.New("invalid event")

// invalidEvent names the field of an event at fault, in words fit for
// the sender.
type invalidEvent struct{ field, problem string }

func (e *invalidEvent) Error() string { return "invalid event: " + e.field + ": " + e.problem }
func (e *invalidEvent) Unwrap() error { return ErrInvalidEvent }

func invalid(field, format string, args ...any) error {
	return &invalidEvent{field: field, problem: fmt.Sprintf(format, args...)}
}

// DecodeEvent reads one event as the events consumer or the NATS
// connector delivers it: the JSON of an order.Event (contract section 11),
// and the subject it came on ("orders.events.<type>"; empty when
// unknown), which gives the type when the body has none and must agree
// with it otherwise. Unknown fields are ignored, so that events may grow
// (the contract allows new optional fields). Errors wrap ErrInvalidEvent.
func DecodeEvent(body []byte, subject string) (order.Event, error) {
	var e order.Event
	if len(body) > MaxEventBytes {
		return e, invalid("body", "larger than %d bytes", MaxEventBytes)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&e); err != nil {
		return e, invalid("body", "%s", describeJSONError(err))
	}
	if dec.More() {
		return e, invalid("body", "more than one JSON value")
	}
	if t, ok := strings.CutPrefix(subject, events.SubjectPrefix); ok && t != "" {
		if e.Type == "" {
			e.Type = t
		} else if e.Type != t {
			return e, invalid("type", "%q does not match the subject %q", e.Type, subject)
		}
	}
	return e, checkEvent(e)
}

// checkEvent checks what every event needs: an id and a type.
func checkEvent(e order.Event) error {
	switch {
	case e.EventID == "":
		return invalid("event_id", "required")
	case e.Type == "":
		return invalid("type", "required")
	}
	return nil
}

// checkHeard checks what an event that someone hears needs besides: an
// id fit for an Idempotency-Key, the order, and for a status event its
// version.
func checkHeard(e order.Event) error {
	if len(e.EventID) > maxEventIDLen || strings.IndexFunc(e.EventID, notVisible) >= 0 {
		return invalid("event_id", "must be 1 to %d visible ASCII characters", maxEventIDLen)
	}
	if e.OrderID == "" || len(e.OrderID) > push.MaxIDLen {
		return invalid("order_id", "required, at most %d bytes", push.MaxIDLen)
	}
	if isStatusEvent(e.Type) && e.OrderVersion < 1 {
		return invalid("order_version", "must be 1 or more")
	}
	return nil
}

// isStatusEvent reports whether the type tells a status of the order
// ("order.*"), which a later status supersedes.
func isStatusEvent(typ string) bool { return strings.HasPrefix(typ, "order.") }

func notVisible(r rune) bool { return r < 0x21 || r > 0x7e }

// describeJSONError says what is wrong with a body without echoing it.
func describeJSONError(err error) string {
	var syntaxErr *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntaxErr):
		return fmt.Sprintf("malformed JSON at byte %d", syntaxErr.Offset)
	case errors.As(err, &typeErr) && typeErr.Field != "":
		return fmt.Sprintf("field %q has the wrong type", typeErr.Field)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "empty or truncated JSON"
	}
	return "not a JSON event"
}
