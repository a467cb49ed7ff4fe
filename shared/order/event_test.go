package order_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/ordercenter/ordercenter/shared/order"
)

func TestEventTypes(t *testing.T) {
	want := []string{"order.created", "order.paid", "order.accepted", "order.ready",
		"order.delivering", "order.delivered", "order.completed", "order.cancelled",
		"refund.requested", "refund.succeeded", "refund.failed", "payment.anomaly"}
	for i, typ := range order.EventTypes() {
		if typ.String() != want[i] || typ.IsZero() || typ.IsStatus() != (i < 8) ||
			typ.Subject() != "orders.events."+want[i] {
			t.Fatalf("EventTypes()[%d] = %q", i, typ)
		}
		if p, err := order.ParseEventType(want[i]); err != nil || p != typ {
			t.Fatalf("ParseEventType(%q) = %v, %v", want[i], p, err)
		}
		b, err := json.Marshal(typ)
		if err != nil || string(b) != `"`+want[i]+`"` {
			t.Fatalf("JSON of %s = %s, %v", typ, b, err)
		}
		var back order.EventType
		if err := json.Unmarshal(b, &back); err != nil || back != typ {
			t.Fatalf("decoded %s as %v, %v", b, back, err)
		}
	}
	for _, bad := range []string{"", "order.Paid", "order.refunded", "orders.events.order.paid"} {
		if _, err := order.ParseEventType(bad); !errors.Is(err, order.ErrInvalidEvent) {
			t.Errorf("ParseEventType(%q) = %v", bad, err)
		}
	}
	if _, err := json.Marshal(order.EventType{}); !errors.Is(err, order.ErrInvalidEvent) {
		t.Errorf("the zero type encoded: %v", err)
	}
}

// Every type has its payload, and an event of each type decodes with it.
func TestEveryEventTypeHasItsData(t *testing.T) {
	for _, typ := range order.EventTypes() {
		body := `{"event_id":"e-1","order_id":"o-1","type":"` + typ.String() + `"}`
		e, err := order.DecodeEvent([]byte(body), typ.Subject())
		if err != nil || e.Type != typ || e.Data == nil || e.Data.EventType() != typ {
			t.Errorf("%s: decoded %+v, %v", typ, e, err)
		}
	}
}

func TestEventWithDataOfAnotherTypeIsNotEncoded(t *testing.T) {
	e := order.Event{EventID: "e-1", Type: order.EventPaid, Data: order.CancelledData{}}
	if _, err := json.Marshal(e); !errors.Is(err, order.ErrInvalidEvent) {
		t.Errorf("encoded paid data as cancelled: %v", err)
	}
	if _, err := json.Marshal(order.Event{EventID: "e-1"}); !errors.Is(err, order.ErrInvalidEvent) {
		t.Errorf("encoded an event with no type: %v", err)
	}
	b, err := json.Marshal(order.Event{EventID: "e-1", Type: order.EventReady})
	if err != nil || !strings.Contains(string(b), `"data":{}`) {
		t.Errorf("nil data encodes as %s, %v", b, err)
	}
}

const paidBody = `{"event_id":"o-1-2-1","type":"order.paid","order_id":"o-1","user_id":"u-1",` +
	`"store_id":"s-1","order_version":2,"occurred_at":"2026-11-21T12:00:00Z","data":{"amount":2550,"txn_id":"t-1"}}`

func TestDecodeEvent(t *testing.T) {
	e, err := order.DecodeEvent([]byte(paidBody), "orders.events.order.paid")
	if err != nil || e.Type != order.EventPaid || e.OrderVersion != 2 ||
		e.Data != (order.PaidData{Amount: 2550, TxnID: "t-1"}) {
		t.Fatalf("decoded %+v, %v", e, err)
	}
	grown := strings.Replace(paidBody, `"data":{`, `"region":"eu","data":{"method":"card",`, 1)
	if e, err := order.DecodeEvent([]byte(grown), ""); err != nil || e.Data != (order.PaidData{Amount: 2550, TxnID: "t-1"}) {
		t.Errorf("an event with new fields: %+v, %v", e, err)
	}
	untyped := `{"event_id":"e-r","order_id":"o-1"}`
	if e, err := order.DecodeEvent([]byte(untyped), "orders.events.order.ready"); err != nil ||
		e.Type != order.EventReady || e.Data != (order.ReadyData{}) {
		t.Errorf("the subject names the type: %+v, %v", e, err)
	}
	cancelled := `{"event_id":"e","order_id":"o","type":"order.cancelled","data":{"from":"PAID","action":"reject","refund_due":true}}`
	if e, err := order.DecodeEvent([]byte(cancelled), "other.subject"); err != nil ||
		e.Data != (order.CancelledData{From: order.StatusPaid, Action: order.ActionReject, RefundDue: true}) {
		t.Errorf("cancelled: %+v, %v", e, err)
	}
}

func TestDecodeEventRefuses(t *testing.T) {
	tests := []struct{ name, body, subject, field string }{
		{"empty", ``, "", "body"},
		{"not JSON", `{"event_id":`, "", "body"},
		{"not an object", `[1]`, "", "body"},
		{"two values", paidBody + ` {}`, "", "body"},
		{"too large", `{"event_id":"` + strings.Repeat("x", order.MaxEventBytes) + `"}`, "", "body"},
		{"no type", `{"event_id":"e","order_id":"o"}`, "", "type"},
		{"unknown type", `{"event_id":"e","order_id":"o","type":"order.lost"}`, "", "type"},
		{"unknown type from the subject", `{"event_id":"e","order_id":"o"}`, "orders.events.order.lost", "type"},
		{"subject disagrees", paidBody, "orders.events.order.accepted", "type"},
		{"no event id", `{"type":"order.paid","order_id":"o"}`, "", "event_id"},
		{"no order", `{"type":"order.paid","event_id":"e"}`, "", "order_id"},
		{"amount not a number", strings.Replace(paidBody, `2550`, `"lots"`, 1), "", "data"},
		{"data not an object", strings.Replace(paidBody, `{"amount":2550,"txn_id":"t-1"}`, `[]`, 1), "", "data"},
		{"unknown status", `{"event_id":"e","order_id":"o","type":"order.cancelled","data":{"from":"LATE"}}`, "", "data"},
		{"unknown kind", `{"event_id":"e","order_id":"o","type":"refund.failed","data":{"kind":"gift"}}`, "", "data"},
		{"version not a number", strings.Replace(paidBody, `"order_version":2`, `"order_version":"2"`, 1), "", "body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := order.DecodeEvent([]byte(tt.body), tt.subject)
			var bad *order.InvalidEventError
			if !errors.Is(err, order.ErrInvalidEvent) || !errors.As(err, &bad) || bad.Field != tt.field {
				t.Fatalf("got %v, want an invalid %s", err, tt.field)
			}
			if strings.Contains(err.Error(), "lots") || strings.Contains(err.Error(), "xxxx") {
				t.Errorf("the error echoes the body: %v", err)
			}
		})
	}
}
