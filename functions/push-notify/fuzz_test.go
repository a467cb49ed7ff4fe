package function

import (
	"errors"
	"testing"

	"github.com/ordercenter/ordercenter/shared/order"
)

// FuzzPlan feeds arbitrary bodies and subjects to order.DecodeEvent and
// Plan, as the consumer does: they never panic, every error wraps
// order.ErrInvalidEvent, and every push planned is one the gateway would
// take.
func FuzzPlan(f *testing.F) {
	f.Add(`{"event_id":"o-1-2-1","type":"order.paid","order_id":"o-1","user_id":"u-1","store_id":"s-1","order_version":2,"occurred_at":"2026-11-21T12:00:00Z","data":{"amount":2550}}`, "orders.events.order.paid")
	f.Add(`{"event_id":"e","order_id":"o","user_id":"u","store_id":"s","order_version":1,"data":{"action":"reject","from":"PAID","refund_due":true}}`, "orders.events.order.cancelled")
	f.Add(`{"event_id":"e","type":"refund.failed","order_id":"订单","user_id":"u","data":{"amount":12,"currency":"JPY"}}`, "")
	f.Add(`{"event_id":`, "x")
	f.Fuzz(func(t *testing.T, body, subject string) {
		e, err := order.DecodeEvent([]byte(body), subject)
		if err != nil {
			if !errors.Is(err, order.ErrInvalidEvent) {
				t.Fatalf("error %v does not wrap ErrInvalidEvent", err)
			}
			return
		}
		plan, err := Plan(e)
		if err != nil && !errors.Is(err, order.ErrInvalidEvent) {
			t.Fatalf("plan error %v", err)
		}
		for _, n := range plan {
			if err := n.Validate(); err != nil {
				t.Fatalf("planned %+v: %v", n, err)
			}
		}
	})
}
