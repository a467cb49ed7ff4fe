package function

import (
	"context"
	"encoding/json"
	"time"
)

// NoticeTTL is how long a notification received is kept for support.
const NoticeTTL = 30 * 24 * time.Hour

// notice is the record of a notification received: what the provider
// sent (the verified body) and what became of it, the latest delivery of
// each event id. Support reads them by order (Notices); the repository
// keeps them, one item per event id, expiring after NoticeTTL.
type notice struct {
	EventID    string          `json:"event_id"`
	Type       string          `json:"type"`
	ReceivedAt time.Time       `json:"received_at"`
	Status     int             `json:"status"`
	Outcome    string          `json:"outcome"`
	Body       json.RawMessage `json:"body"`
}

// record keeps the notice; a failure is logged, not answered: the
// provider's notification was processed all the same.
func (f *Function) record(ctx context.Context, n Notification, body []byte, status int, outcome string) {
	now := f.now()
	data, _ := json.Marshal(notice{EventID: n.EventID, Type: n.Type, ReceivedAt: now.UTC(),
		Status: status, Outcome: outcome, Body: body})
	if err := f.notices.Record(ctx, n.OrderID, n.EventID, data, now.Add(NoticeTTL)); err != nil {
		f.log.WarnContext(ctx, "payment notification not recorded for support",
			"event_id", n.EventID, "order_id", n.OrderID, "err", err)
	}
}

// Notices returns the notifications recorded for an order, by event id:
// for support tools and tests.
func (f *Function) Notices(ctx context.Context, orderID string) (map[string]json.RawMessage, error) {
	return f.notices.ByOrder(ctx, orderID)
}
