package push

import (
	"fmt"
	"unicode/utf8"
)

// Recipient kinds (contract section 12).
const (
	KindUser     = "user"
	KindMerchant = "merchant"
	KindRider    = "rider"
)

// Limits of a Notification's fields, as the gateway enforces them.
const (
	MaxIDLen    = 128
	MaxTitleLen = 256
	MaxBodyLen  = 4096
	MaxEventLen = 64
)

// Recipient is who a push is for: a user, a merchant (by store id) or a
// rider.
type Recipient struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
}

// String returns "<kind>:<id>", as the gateway's filters spell it.
func (r Recipient) String() string { return r.Kind + ":" + r.ID }

// Data is what a push is about: the order and the event type.
type Data struct {
	OrderID string `json:"order_id"`
	Event   string `json:"event"`
}

// Notification is the body of POST /push (contract section 12). Its
// NotificationID is also the call's Idempotency-Key, so it must be the
// same on every retry of the same push.
type Notification struct {
	NotificationID string    `json:"notification_id"`
	Recipient      Recipient `json:"recipient"`
	Title          string    `json:"title"`
	Body           string    `json:"body"`
	Data           Data      `json:"data"`
}

// Validate reports the first field the gateway would refuse: an id that
// is not 1 to MaxIDLen visible ASCII characters (it travels as a header),
// an unknown recipient kind, a missing or overlong text.
func (n Notification) Validate() error {
	switch {
	case !isKey(n.NotificationID):
		return fmt.Errorf("notification_id: must be 1 to %d visible ASCII characters", MaxIDLen)
	case n.Recipient.Kind != KindUser && n.Recipient.Kind != KindMerchant && n.Recipient.Kind != KindRider:
		return fmt.Errorf("recipient.kind: %q is not user, merchant or rider", n.Recipient.Kind)
	case !isText(n.Recipient.ID, 1, MaxIDLen):
		return fmt.Errorf("recipient.id: required, at most %d bytes", MaxIDLen)
	case !isText(n.Title, 1, MaxTitleLen):
		return fmt.Errorf("title: required, at most %d bytes", MaxTitleLen)
	case !isText(n.Body, 0, MaxBodyLen):
		return fmt.Errorf("body: at most %d bytes", MaxBodyLen)
	case !isText(n.Data.OrderID, 1, MaxIDLen):
		return fmt.Errorf("data.order_id: required, at most %d bytes", MaxIDLen)
	case !isText(n.Data.Event, 1, MaxEventLen):
		return fmt.Errorf("data.event: required, at most %d bytes", MaxEventLen)
	}
	return nil
}

// isKey reports whether s can be an Idempotency-Key.
func isKey(s string) bool {
	if len(s) == 0 || len(s) > MaxIDLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// isText reports whether s is valid UTF-8 of lo to hi bytes.
func isText(s string, lo, hi int) bool {
	return len(s) >= lo && len(s) <= hi && utf8.ValidString(s)
}
