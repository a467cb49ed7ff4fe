package orderstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/order"
)

// ErrEventUnknown: the order's record holds no such event (see Vouch).
var ErrEventUnknown = errors.New("the order's record holds no such event")

// UnknownEventError is why the order's record does not vouch for an
// event: the field of the event at odds with the record (order_id,
// order_version, event_id, type, user_id, store_id or data) and how, in
// words fit for the sender (it echoes nothing of the event). It wraps
// ErrEventUnknown, and ErrNotFound too when no order has the event's
// order id.
type UnknownEventError struct {
	Field, Problem string
	noOrder        bool
}

// Error says what the record holds otherwise.
func (e *UnknownEventError) Error() string {
	return ErrEventUnknown.Error() + ": " + e.Field + ": " + e.Problem
}

// Unwrap returns ErrEventUnknown, and ErrNotFound for an unknown order.
func (e *UnknownEventError) Unwrap() []error {
	if e.noOrder {
		return []error{ErrEventUnknown, ErrNotFound}
	}
	return []error{ErrEventUnknown}
}

func unknownEvent(field, format string, args ...any) error {
	return &UnknownEventError{Field: field, Problem: fmt.Sprintf(format, args...)}
}

// Vouch confirms that the order's record holds ev: the change that made
// version ev.OrderVersion of order ev.OrderID (its timeline entry) holds an
// event of the same id, type, order, user, store and data. Consumers call
// it before acting on an event, so that an event is acted on only when
// the master record says the same (contract section 4), however it was
// signed. occurred_at and published_at are not compared: no consumer acts
// on them.
//
// It costs one read, of that timeline entry; a second (the master) only
// when the entry is missing, to tell an unknown order from an unknown
// version. There is no window in which a genuine event can be received
// before its entry is readable: every path writes the entry before it
// publishes the change's events — the portable path in its derived writes
// (sync publishes only once they have all succeeded), the transactional
// path in the one transaction that also writes the master, the healer
// through the same sync — and reads are strongly consistent
// (ConsistentRead on DynamoDB-compatible stores). Timeline entries are
// never deleted, so an event replayed from a dead letter days later is
// vouched for too.
//
// Errors: an *UnknownEventError, wrapping ErrEventUnknown, when the record
// holds no such event (wrapping ErrNotFound too when no order has the id);
// ErrUnavailable (wrapped) when the store cannot answer; any other error
// (a timeline entry that does not decode) is the store's fault, not the
// event's.
func (r *Repository) Vouch(ctx context.Context, ev order.Event) error {
	if !validOrderID(ev.OrderID) || !utf8.ValidString(ev.OrderID) {
		return &UnknownEventError{Field: "order_id", Problem: "no order has the id", noOrder: true}
	}
	if ev.OrderVersion < 1 {
		return unknownEvent("order_version", "the order has no version %d", ev.OrderVersion)
	}
	k := changeKey(ev.OrderID, ev.OrderVersion)
	it, err := r.store.Get(ctx, k.PK, k.SK)
	switch {
	case errors.Is(err, kv.ErrNotFound):
		return r.noChange(ctx, ev)
	case err != nil:
		return fmt.Errorf("vouch event %s: %w", ev.EventID, err)
	}
	var c order.Change
	if err := json.Unmarshal(it.Data, &c); err != nil {
		return fmt.Errorf("vouch event %s: decode %s: %w", ev.EventID, it.SK, err)
	}
	return matchChange(c, ev)
}

// noChange says why the order has no timeline entry at the event's
// version: no such order, or no such version.
func (r *Repository) noChange(ctx context.Context, ev order.Event) error {
	_, err := r.loadMaster(ctx, ev.OrderID)
	switch {
	case errors.Is(err, ErrNotFound):
		return &UnknownEventError{Field: "order_id", Problem: "no order has the id", noOrder: true}
	case err != nil:
		return fmt.Errorf("vouch event %s: %w", ev.EventID, err)
	}
	return unknownEvent("order_version", "the order has no change at version %d", ev.OrderVersion)
}

// matchChange finds ev among the events of the change and compares it.
func matchChange(c order.Change, ev order.Event) error {
	for _, held := range c.Events {
		if held.EventID == ev.EventID {
			return matchEvent(held, ev)
		}
	}
	return unknownEvent("event_id", "the order's change at version %d holds no event of that id", ev.OrderVersion)
}

// matchEvent compares what a consumer acts on of an event with the event
// the record holds.
func matchEvent(held, ev order.Event) error {
	for _, f := range []struct {
		field string
		same  bool
	}{
		{"type", held.Type == ev.Type},
		{"order_id", held.OrderID == ev.OrderID},
		{"user_id", held.UserID == ev.UserID},
		{"store_id", held.StoreID == ev.StoreID},
		{"data", sameData(held, ev)},
	} {
		if !f.same {
			return unknownEvent(f.field, "not what the order's record holds for the event")
		}
	}
	return nil
}

// sameData reports whether two events of one type say the same in their
// data: equal JSON, nil as {} (as Event encodes it).
func sameData(a, b order.Event) bool {
	aj, aok := dataJSON(a)
	bj, bok := dataJSON(b)
	return aok && bok && aj == bj
}

// dataJSON is the JSON of an event's data, false when it has none fit for
// its type.
func dataJSON(e order.Event) (string, bool) {
	if e.Data == nil {
		return "{}", true
	}
	if e.Data.EventType() != e.Type {
		return "", false
	}
	b, err := json.Marshal(e.Data)
	return string(b), err == nil
}
