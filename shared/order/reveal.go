package order

import (
	"fmt"
	"strings"
	"time"
)

// ChangePhoneRevealed is the type of the change that records that someone
// was shown the order's unmasked delivery phone number (ocadmin order show
// --reveal). Like ChangePaymentFailed it publishes no event and moves
// nothing: it is there so that every look at the number stays on the
// order's timeline.
const ChangePhoneRevealed = "phone.revealed"

// maxRevealReason bounds the reason a reveal records.
const maxRevealReason = 200

// RecordPhoneReveal notes on the timeline that customer service (by, of
// role service) was shown the delivery phone number at now, and why
// (reason, may be empty): a change of type ChangePhoneRevealed, no event,
// the status untouched, in any status. Any other role is ErrNotAllowed; a
// reason longer than 200 characters is ErrInvalidOrder.
func (o *Order) RecordPhoneReveal(by Actor, reason string, now time.Time) error {
	if by.Role != RoleService || by.ID == "" {
		return fmt.Errorf("order %s: reveal phone by %s: %w", o.id, by, ErrNotAllowed)
	}
	reason = strings.TrimSpace(reason)
	if len([]rune(reason)) > maxRevealReason {
		return fmt.Errorf("order %s: reveal phone: %w: reason longer than %d characters", o.id, ErrInvalidOrder, maxRevealReason)
	}
	now = now.UTC()
	o.version, o.updatedAt = o.version+1, now
	o.changes = append(o.changes, Change{Version: o.version, Type: ChangePhoneRevealed,
		Actor: by, At: now, Reason: reason, Events: []Event{}})
	return nil
}
