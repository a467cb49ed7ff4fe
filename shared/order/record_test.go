package order_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/order"
)

func TestRecordRoundTrip(t *testing.T) {
	for _, s := range order.Statuses() {
		t.Run(s.String(), func(t *testing.T) {
			r := recordIn(t, s)
			o, err := order.FromRecord(r)
			if err != nil {
				t.Fatal(err)
			}
			if got := o.Record(); !reflect.DeepEqual(got, r) || len(o.Changes()) != 0 {
				t.Fatalf("FromRecord(r).Record() = %+v, want %+v", got, r)
			}
			b, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			var back order.Record
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(back, r) {
				t.Fatalf("JSON round trip: %+v, want %+v", back, r)
			}
		})
	}
}

func TestRecordJSONShape(t *testing.T) {
	o := newOrder(t)
	b, err := json.Marshal(o.Record())
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"order_id", "user_id", "store_id", "status", "items", "amounts",
		"currency", "delivery", "note", "coupon_id", "created_at", "updated_at",
		"pay_deadline", "version", "rider_id", "store_day", "txn_id"} {
		if _, ok := m[k]; !ok {
			t.Errorf("no %q in %s", k, b)
		}
	}
	for _, k := range []string{"paid_at", "cancel_reason"} {
		if _, ok := m[k]; ok {
			t.Errorf("%q present on a new order: %s", k, b)
		}
	}
	if m["status"] != "PENDING_PAYMENT" || !strings.Contains(string(b), `"sku_id":"sku-1"`) ||
		!strings.Contains(string(b), `"packing_fee":200`) || m["created_at"] != "2025-03-14T11:30:00Z" {
		t.Errorf("unexpected encoding: %s", b)
	}
}

func TestFromRecordRefuses(t *testing.T) {
	tests := []struct {
		name string
		edit func(*order.Record)
	}{
		{"bad id", func(r *order.Record) { r.OrderID = "x" }},
		{"no user", func(r *order.Record) { r.UserID = "" }},
		{"no store", func(r *order.Record) { r.StoreID = "" }},
		{"bad day", func(r *order.Record) { r.StoreDay = "" }},
		{"zero status", func(r *order.Record) { r.Status = order.Status{} }},
		{"version 0", func(r *order.Record) { r.Version = 0 }},
		{"no items", func(r *order.Record) { r.Items = nil }},
		{"bad total", func(r *order.Record) { r.Amounts.Total++ }},
		{"over-refunded", func(r *order.Record) { r.Amounts.Refunded = r.Amounts.Paid + 1 }},
		{"no currency", func(r *order.Record) { r.Currency = "" }},
		{"no created_at", func(r *order.Record) { r.CreatedAt = time.Time{} }},
		{"updated before created", func(r *order.Record) { r.UpdatedAt = r.CreatedAt.Add(-time.Second) }},
		{"paid without txn", func(r *order.Record) { r.TxnID = "" }},
		{"paid without paid_at", func(r *order.Record) { r.PaidAt = time.Time{} }},
		{"paid short", func(r *order.Record) { r.Amounts.Paid-- }},
		{"delivering without rider", func(r *order.Record) { r.Status, r.RiderID = order.StatusDelivering, "" }},
		{"pending but paid", func(r *order.Record) { r.Status = order.StatusPendingPayment }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := recordIn(t, order.StatusPaid)
			tt.edit(&r)
			if o, err := order.FromRecord(r); !errors.Is(err, order.ErrInvalidOrder) || o != nil {
				t.Fatalf("FromRecord = %v, %v; want ErrInvalidOrder", o, err)
			}
		})
	}
}

func TestRecordJSONRefusesUnknownStatus(t *testing.T) {
	b, _ := json.Marshal(recordIn(t, order.StatusPaid))
	b = []byte(strings.Replace(string(b), `"PAID"`, `"paid"`, 1))
	var r order.Record
	if err := json.Unmarshal(b, &r); err == nil {
		t.Fatal("a record with status \"paid\" decoded")
	}
	if _, err := json.Marshal(order.Record{}); err == nil {
		t.Fatal("a record with no status encoded")
	}
}

func TestMaskedFor(t *testing.T) {
	r := newOrder(t).Record()
	for _, tt := range []struct {
		by   order.Actor
		want string
	}{
		{theUser, "13800001234"}, {theService, "13800001234"}, {theSystem, "13800001234"},
		{theMerchant, "138****1234"}, {theRider, "138****1234"},
	} {
		if got := r.MaskedFor(tt.by).Delivery.Phone; got != tt.want {
			t.Errorf("MaskedFor(%v) phone = %q, want %q", tt.by, got, tt.want)
		}
	}
	if r.Delivery.Phone != "13800001234" {
		t.Error("MaskedFor changed the record it was called on")
	}
}

func TestChangeJSON(t *testing.T) {
	c := newOrder(t).Changes()[0]
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var back order.Change
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Actor != c.Actor || back.EventID() != c.EventID() || back.To != c.To ||
		!strings.Contains(string(b), `"actor":{"role":"user","id":"u-1"}`) {
		t.Fatalf("change JSON: %s", b)
	}
	e := order.Event{EventID: "e-1", Type: order.EventReady}
	if b, _ := json.Marshal(e); !strings.Contains(string(b), `"data":{}`) ||
		strings.Contains(string(b), "published_at") {
		t.Fatalf("event JSON: %s", b)
	}
}
