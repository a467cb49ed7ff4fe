package order

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// Event types (contract section 11). The event of a status move is
// "order." followed by the new status in lower case.
const (
	EventCreated         = "order.created"
	EventPaid            = "order.paid"
	EventAccepted        = "order.accepted"
	EventReady           = "order.ready"
	EventDelivering      = "order.delivering"
	EventDelivered       = "order.delivered"
	EventCompleted       = "order.completed"
	EventCancelled       = "order.cancelled"
	EventRefundRequested = "refund.requested"
	EventRefundSucceeded = "refund.succeeded"
	EventRefundFailed    = "refund.failed"
	EventPaymentAnomaly  = "payment.anomaly"
)

// EventTypes lists every event type. The slice is the caller's.
func EventTypes() []string {
	return []string{
		EventCreated, EventPaid, EventAccepted, EventReady, EventDelivering,
		EventDelivered, EventCompleted, EventCancelled, EventRefundRequested,
		EventRefundSucceeded, EventRefundFailed, EventPaymentAnomaly,
	}
}

// Event tells what happened to an order (contract section 11); a consumer
// that needs more reads the order. It is published on
// "orders.events.<type>" with Nats-Msg-Id = EventID. Data holds the
// event's own facts (JSON values; integers are int64 when made here and
// float64 once decoded from JSON) and encodes as {} when empty.
type Event struct {
	EventID      string         `json:"event_id"`
	Type         string         `json:"type"`
	OrderID      string         `json:"order_id"`
	UserID       string         `json:"user_id"`
	StoreID      string         `json:"store_id"`
	OrderVersion int64          `json:"order_version"`
	OccurredAt   time.Time      `json:"occurred_at"`
	PublishedAt  *time.Time     `json:"published_at,omitempty"`
	Data         map[string]any `json:"data"`
}

// MarshalJSON encodes the event, a nil Data as {} rather than null.
func (e Event) MarshalJSON() ([]byte, error) {
	type plain Event // without the method
	if e.Data == nil {
		e.Data = map[string]any{}
	}
	return json.Marshal(plain(e))
}

// EventIDFor returns the id of the n-th event (from 1) of the change that
// produced the given version of an order: "<order_id>-<version>-<n>".
// Deterministic, so a replayed change yields the same ids.
func EventIDFor(orderID string, version int64, n int) string {
	return orderID + "-" + strconv.FormatInt(version, 10) + "-" + strconv.Itoa(n)
}

// statusEvent returns the type of the event of a move to s.
func statusEvent(s Status) string {
	return "order." + strings.ToLower(s.String())
}
