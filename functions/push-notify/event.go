package function

import (
	"fmt"
	"strings"

	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/push"
)

// maxEventIDLen leaves room in a notification id for ".<kind>".
const maxEventIDLen = push.MaxIDLen - len(".merchant")

// invalid is the error of an event that lacks what its pushes need,
// naming the field at fault in words fit for the sender. It wraps
// order.ErrInvalidEvent, as the errors of order.DecodeEvent do.
func invalid(field, format string, args ...any) error {
	return &order.InvalidEventError{Field: field, Problem: fmt.Sprintf(format, args...)}
}

// checkEvent checks what every event needs: an id and a type. An event
// from order.DecodeEvent always has them.
func checkEvent(e order.Event) error {
	switch {
	case e.EventID == "":
		return invalid("event_id", "required")
	case e.Type.IsZero():
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
	if e.Type.IsStatus() && e.OrderVersion < 1 {
		return invalid("order_version", "must be 1 or more")
	}
	return nil
}

func notVisible(r rune) bool { return r < 0x21 || r > 0x7e }
