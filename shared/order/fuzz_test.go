package order_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/ordercenter/ordercenter/shared/order"
)

func FuzzParseStatus(f *testing.F) {
	for _, s := range []string{"PAID", "paid", "", "CANCELLED\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		st, err := order.ParseStatus(s)
		if err != nil {
			if !errors.Is(err, order.ErrInvalidOrder) || !st.IsZero() {
				t.Fatalf("ParseStatus(%q) = %v, %v", s, st, err)
			}
			return
		}
		if st.String() != s {
			t.Fatalf("ParseStatus(%q) = %q", s, st)
		}
	})
}

// FuzzFromRecordJSON feeds stored JSON to FromRecord: it never panics, and
// whatever it accepts comes back out unchanged and is accepted again.
func FuzzFromRecordJSON(f *testing.F) {
	for _, s := range order.Statuses() {
		b, err := json.Marshal(recordIn(f, s))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"status":"PAID","version":-1,"items":null}`))
	f.Add([]byte(`{"order_id":"01jp8w7v00000000000000000a","user_id":"u","store_id":"s",` +
		`"store_day":"2025-03-14","status":"PENDING_PAYMENT","currency":"CNY",` +
		`"items":[{"sku_id":"a","qty":1,"unit_price":1,"subtotal":1}],` +
		`"amounts":{"items":1,"total":1},"delivery":{"name":"n","phone":"p","address":"a"},` +
		`"created_at":"9999-12-31T23:59:59-01:00","updated_at":"9999-12-31T23:59:59-01:00",` +
		`"pay_deadline":"9999-12-31T23:59:59-01:00","version":1}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var r order.Record
		if json.Unmarshal(b, &r) != nil {
			return
		}
		o, err := order.FromRecord(r)
		if err != nil {
			if !errors.Is(err, order.ErrInvalidOrder) {
				t.Fatalf("FromRecord error %v is not ErrInvalidOrder", err)
			}
			return
		}
		out, err := json.Marshal(o.Record())
		if err != nil {
			t.Fatalf("accepted record does not encode: %v", err)
		}
		var again order.Record
		if err := json.Unmarshal(out, &again); err != nil {
			t.Fatal(err)
		}
		o2, err := order.FromRecord(again)
		if err != nil || !reflect.DeepEqual(o2.Record(), o.Record()) {
			t.Fatalf("re-encoded record differs or is refused: %v", err)
		}
	})
}

// FuzzDecodeEvent feeds arbitrary bodies and subjects to DecodeEvent: it
// never panics, every error is an *InvalidEventError, and every event it
// decodes encodes again, to JSON that decodes to the same event.
func FuzzDecodeEvent(f *testing.F) {
	f.Add(`{"event_id":"o-1-2-1","type":"order.paid","order_id":"o-1","user_id":"u-1","store_id":"s-1","order_version":2,"occurred_at":"2026-11-21T12:00:00Z","data":{"amount":2550}}`, "orders.events.order.paid")
	f.Add(`{"event_id":"e","order_id":"o","user_id":"u","store_id":"s","order_version":1,"data":{"action":"reject","from":"PAID","refund_due":true,"amount":1e300}}`, "orders.events.order.cancelled")
	f.Add(`{"event_id":"e","type":"refund.failed","order_id":"订单","user_id":"u","data":{"amount":"12","currency":"JPY"}}`, "")
	f.Add(`{"event_id":"e","type":"payment.anomaly","order_id":"o","data":{"status":"PAID","kind":"refund"},"published_at":null}`, "")
	f.Add(`{"event_id":`, "x")
	f.Fuzz(func(t *testing.T, body, subject string) {
		e, err := order.DecodeEvent([]byte(body), subject)
		if err != nil {
			var bad *order.InvalidEventError
			if !errors.As(err, &bad) || !errors.Is(err, order.ErrInvalidEvent) {
				t.Fatalf("error %v is not an InvalidEventError", err)
			}
			return
		}
		if e.EventID == "" || e.OrderID == "" || e.Type.IsZero() || e.Data.EventType() != e.Type {
			t.Fatalf("decoded %+v", e)
		}
		once, err := json.Marshal(e)
		if err != nil {
			t.Fatalf("decoded %+v does not encode: %v", e, err)
		}
		back, err := order.DecodeEvent(once, e.Type.Subject())
		if err != nil {
			t.Fatalf("%s does not decode: %v", once, err)
		}
		if twice, _ := json.Marshal(back); string(twice) != string(once) {
			t.Fatalf("encoded again as %s, first %s", twice, once)
		}
	})
}
