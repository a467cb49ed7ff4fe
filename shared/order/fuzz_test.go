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
