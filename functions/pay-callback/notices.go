package function

import (
	"context"
	"encoding/json"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// NoticeTTL is how long a notification received is kept for support.
const NoticeTTL = 30 * 24 * time.Hour

// notice is the record of a notification received: what the provider
// sent (the verified body) and what became of it, the latest delivery of
// each event id. Support reads them by order: partition
// paynotice#<order_id> ("paynotice#-" when the notification names none),
// one item per event id, expiring after NoticeTTL.
type notice struct {
	EventID    string          `json:"event_id"`
	Type       string          `json:"type"`
	ReceivedAt time.Time       `json:"received_at"`
	Status     int             `json:"status"`
	Outcome    string          `json:"outcome"`
	Body       json.RawMessage `json:"body"`
}

func noticePK(orderID string) string {
	if orderID == "" {
		orderID = "-"
	}
	return "paynotice#" + orderID
}

// record keeps the notice; a failure is logged, not answered: the
// provider's notification was processed all the same.
func (f *Function) record(ctx context.Context, n Notification, body []byte, status int, outcome string) {
	data, _ := json.Marshal(notice{EventID: n.EventID, Type: n.Type, ReceivedAt: f.now().UTC(),
		Status: status, Outcome: outcome, Body: body})
	it := kv.Item{PK: noticePK(n.OrderID), SK: n.EventID, Data: data, ExpiresAt: f.now().Add(NoticeTTL)}
	if err := f.store.Put(ctx, it, kv.Always()); err != nil {
		f.log.WarnContext(ctx, "payment notification not recorded for support",
			"event_id", n.EventID, "order_id", n.OrderID, "err", err)
	}
}

// Notices returns the notifications recorded for an order, by event id:
// for support tools and tests.
func (f *Function) Notices(ctx context.Context, orderID string) (map[string]json.RawMessage, error) {
	page, err := f.store.Query(ctx, kv.Query{PK: noticePK(orderID), Limit: kv.MaxPageLimit})
	if err != nil {
		return nil, err
	}
	out := make(map[string]json.RawMessage, len(page.Items))
	for _, it := range page.Items {
		out[it.SK] = it.Data
	}
	return out, nil
}
