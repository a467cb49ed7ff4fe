package function

import (
	"errors"
	"testing"
)

// FuzzDecodeEvent feeds arbitrary bodies and subjects to DecodeEvent and
// Plan: they never panic, every error wraps ErrInvalidEvent, and every
// push planned is one the gateway would take.
func FuzzDecodeEvent(f *testing.F) {
	f.Add(`{"event_id":"o-1-2-1","type":"order.paid","order_id":"o-1","user_id":"u-1","store_id":"s-1","order_version":2,"occurred_at":"2026-11-21T12:00:00Z","data":{"amount":2550}}`, "orders.events.order.paid")
	f.Add(`{"event_id":"e","order_id":"o","user_id":"u","store_id":"s","order_version":1,"data":{"action":"reject","from":"PAID","refund_due":true,"amount":1e300}}`, "orders.events.order.cancelled")
	f.Add(`{"event_id":"e","type":"refund.failed","order_id":"订单","user_id":"u","data":{"amount":"12","currency":"JPY"}}`, "")
	f.Add(`{"event_id":`, "x")
	f.Fuzz(func(t *testing.T, body, subject string) {
		e, err := DecodeEvent([]byte(body), subject)
		if err != nil {
			if !errors.Is(err, ErrInvalidEvent) {
				t.Fatalf("error %v does not wrap ErrInvalidEvent", err)
			}
			return
		}
		if e.EventID == "" || e.Type == "" {
			t.Fatalf("decoded %+v without an id or a type", e)
		}
		plan, err := Plan(e)
		if err != nil && !errors.Is(err, ErrInvalidEvent) {
			t.Fatalf("plan error %v", err)
		}
		for _, n := range plan {
			if err := n.Validate(); err != nil {
				t.Fatalf("planned %+v: %v", n, err)
			}
		}
	})
}
