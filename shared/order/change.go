package order

import "time"

// Change is one committed step of an order: the version it produced, what
// happened (Type, the type of its first event, or ChangePaymentFailed
// for a change that publishes none), the action and status move
// if any, who did it and when. The order's timeline entry and its outgoing
// events derive from it, so a change replayed after a crash yields the
// same entry and the same event ids.
type Change struct {
	Version int64     `json:"version"`
	Type    string    `json:"type"`
	Action  string    `json:"action,omitempty"`
	From    string    `json:"from,omitempty"`
	To      string    `json:"to,omitempty"`
	Actor   Actor     `json:"actor"`
	At      time.Time `json:"at"`
	Reason  string    `json:"reason,omitempty"`
	Events  []Event   `json:"events"`
}

// EventID returns the id of the change's first event ("" if it has none);
// it identifies the change in the timeline.
func (c Change) EventID() string {
	if len(c.Events) == 0 {
		return ""
	}
	return c.Events[0].EventID
}

// change is what a move records; record turns it into a Change.
type change struct {
	typ      EventType
	action   Action
	from, to Status
	by       Actor
	at       time.Time
	reason   string
	data     EventData // of typ
}

// record appends the Change that produced the order's current version,
// with its one event.
func (o *Order) record(c change) {
	ev := Event{
		EventID: EventIDFor(o.id, o.version, 1), Type: c.typ,
		OrderID: o.id, UserID: o.userID, StoreID: o.storeID,
		OrderVersion: o.version, OccurredAt: c.at, Data: c.data,
	}
	o.changes = append(o.changes, Change{
		Version: o.version, Type: c.typ.String(), Action: c.action.String(),
		From: c.from.String(), To: c.to.String(), Actor: c.by, At: c.at,
		Reason: c.reason, Events: []Event{ev},
	})
}
