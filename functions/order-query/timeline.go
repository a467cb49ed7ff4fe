package function

import (
	"encoding/json"
	"time"

	"github.com/ordercenter/ordercenter/shared/order"
)

// Entry is one change of an order as its timeline shows it (contract
// section 9). From is "" for the order's creation; Action and Reason are
// left out when there are none; Data holds the facts of the change's
// event as the event's JSON spells them (the payment's txn_id, the rider,
// whether a refund is due, ...), left out when it has none.
type Entry struct {
	EventID string          `json:"event_id"`
	Type    string          `json:"type"`
	At      time.Time       `json:"at"`
	Actor   order.Actor     `json:"actor"`
	From    string          `json:"from"`
	To      string          `json:"to"`
	Action  string          `json:"action,omitempty"`
	Reason  string          `json:"reason,omitempty"`
	Version int64           `json:"version"`
	Data    json.RawMessage `json:"data,omitempty"`
}

// entryOf is the timeline entry of a committed change.
func entryOf(c order.Change) Entry {
	e := Entry{EventID: c.EventID(), Type: c.Type, At: c.At.UTC(), Actor: c.Actor,
		From: c.From, To: c.To, Action: c.Action, Reason: c.Reason, Version: c.Version}
	if len(c.Events) > 0 {
		e.Data = dataOf(c.Events[0])
	}
	return e
}

// dataOf is the JSON of the event's data, nil when it is empty (or, for
// a stored event that no longer encodes, unknown).
func dataOf(ev order.Event) json.RawMessage {
	if ev.Data == nil {
		return nil
	}
	b, err := json.Marshal(ev.Data)
	if err != nil || string(b) == "{}" {
		return nil
	}
	return b
}
