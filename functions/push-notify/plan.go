package function

import (
	"fmt"

	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/push"
)

// kinds are the recipients an event may reach, in the order served.
var kinds = []string{push.KindUser, push.KindMerchant}

// NotificationID is the id of the push of an event to a kind of
// recipient, "<event_id>.<kind>": the same on every retry, so that it can
// serve as the gateway's Idempotency-Key.
func NotificationID(eventID, kind string) string { return eventID + "." + kind }

// Plan returns the pushes of e, one per recipient that hears it (see
// messages), none for an event nobody hears. An event that someone hears
// but that lacks what the push needs is an *order.InvalidEventError
// (wrapping order.ErrInvalidEvent).
func Plan(e order.Event) ([]push.Notification, error) {
	if err := checkEvent(e); err != nil {
		return nil, err
	}
	f := factsOf(e)
	var out []push.Notification
	for _, kind := range kinds {
		m, ok := messages[audience{e.Type, kind}]
		if !ok || (m.skip != nil && m.skip(f)) {
			continue
		}
		n, err := notification(e, kind, m, f)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

// notification is the push of m to the recipient of kind.
func notification(e order.Event, kind string, m message, f facts) (push.Notification, error) {
	if err := checkHeard(e); err != nil {
		return push.Notification{}, err
	}
	field, id := "user_id", e.UserID
	if kind == push.KindMerchant {
		field, id = "store_id", e.StoreID
	}
	if id == "" || len(id) > push.MaxIDLen {
		return push.Notification{}, invalid(field, "required, at most %d bytes", push.MaxIDLen)
	}
	n := push.Notification{
		NotificationID: NotificationID(e.EventID, kind),
		Recipient:      push.Recipient{Kind: kind, ID: id},
		Title:          m.title,
		Body:           m.body(f),
		Data:           push.Data{OrderID: e.OrderID, Event: e.Type.String()},
	}
	if err := n.Validate(); err != nil {
		return n, fmt.Errorf("%w: %w", order.ErrInvalidEvent, err)
	}
	return n, nil
}
