package order_test

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/order"
)

func TestNew(t *testing.T) {
	d := draft()
	now := time.Date(2025, 3, 14, 19, 30, 0, 0, time.FixedZone("CST", 8*3600))
	d.PayDeadline = now.Add(15 * time.Minute)
	o, err := order.New(d, now)
	if err != nil {
		t.Fatal(err)
	}
	if o.ID() != d.ID || o.Status() != order.StatusPendingPayment || o.Version() != 1 ||
		o.Currency() != "CNY" || o.CreatedAt() != now.UTC() || o.UpdatedAt() != now.UTC() ||
		o.CreatedAt().Location() != time.UTC || o.RiderID() != "" || o.TxnID() != "" {
		t.Fatalf("new order: %+v", o.Record())
	}
	cs := o.Changes()
	if len(cs) != 1 {
		t.Fatalf("%d changes, want 1", len(cs))
	}
	c := cs[0]
	if c.Version != 1 || c.Type != order.EventCreated.String() || c.From != "" || c.To != "PENDING_PAYMENT" ||
		c.Actor != (order.Actor{Role: order.RoleUser, ID: "u-1"}) || c.EventID() != d.ID+"-1-1" {
		t.Fatalf("creation change: %+v", c)
	}
	if data := c.Events[0].Data; data != (order.CreatedData{Total: 5800, Currency: "CNY"}) {
		t.Fatalf("created data: %v", data)
	}
}

func TestNewCopiesLines(t *testing.T) {
	d := draft()
	o, err := order.New(d, t0)
	if err != nil {
		t.Fatal(err)
	}
	d.Lines[0].Qty = 99
	o.Lines()[0].Qty = 98
	if o.Lines()[0].Qty != 2 {
		t.Fatal("the order shares its lines")
	}
	d = draft()
	d.Lines[0].Options = []order.LineOption{{GroupID: "size", OptionID: "large", Name: "Large", PriceDelta: 200}}
	if o, err = order.New(d, t0); err != nil {
		t.Fatal(err)
	}
	d.Lines[0].Options[0].Name = "changed"
	o.Lines()[0].Options[0].Name = "changed"
	o.Record().Items[0].Options[0].Name = "changed"
	if o.Lines()[0].Options[0].Name != "Large" {
		t.Fatal("the order shares its lines' options")
	}
}

func TestNewRefuses(t *testing.T) {
	tests := []struct {
		name    string
		problem string
		edit    func(*order.Draft)
	}{
		{"bad id", "order_id", func(d *order.Draft) { d.ID = "o-1" }},
		{"upper-case id", "order_id", func(d *order.Draft) { d.ID = strings.ToUpper(d.ID) }},
		{"no user", "user_id", func(d *order.Draft) { d.UserID = "" }},
		{"no store", "store_id", func(d *order.Draft) { d.StoreID = "" }},
		{"bad day", "store_day", func(d *order.Draft) { d.StoreDay = "2025-3-14" }},
		{"impossible day", "store_day", func(d *order.Draft) { d.StoreDay = "2025-02-30" }},
		{"no lines", "items", func(d *order.Draft) { d.Lines = nil }},
		{"no sku", "sku_id", func(d *order.Draft) { d.Lines[0].SKU = "" }},
		{"zero qty", "qty", func(d *order.Draft) { d.Lines[0].Qty, d.Lines[0].Subtotal = 0, 0 }},
		{"negative price", "unit_price", func(d *order.Draft) { d.Lines[0].UnitPrice = -1 }},
		{"bad subtotal", "subtotal", func(d *order.Draft) { d.Lines[0].Subtotal = 5601 }},
		{"overflowing subtotal", "subtotal", func(d *order.Draft) {
			d.Lines[0].Qty, d.Lines[0].UnitPrice = 4, math.MaxInt64/2
			d.Lines[0].Subtotal = d.Lines[0].UnitPrice * 4
		}},
		{"option without id", "items[0].options[0]", func(d *order.Draft) { d.Lines[0].Options = []order.LineOption{{GroupID: "size"}} }},
		{"option twice", "items[0].options[1]: chosen twice", func(d *order.Draft) {
			d.Lines[0].Options = []order.LineOption{{GroupID: "size", OptionID: "l"}, {GroupID: "size", OptionID: "l"}}
		}},
		{"negative option", "items[0].options", func(d *order.Draft) {
			d.Lines[0].Options = []order.LineOption{{GroupID: "size", OptionID: "s", PriceDelta: -100}}
		}},
		{"options above the unit price", "items[0].options", func(d *order.Draft) {
			d.Lines[0].Options = []order.LineOption{{GroupID: "add", OptionID: "beef", PriceDelta: 2801}}
		}},
		{"bad items", "amounts.items", func(d *order.Draft) { d.Amounts.Items = 5700 }},
		{"bad total", "amounts.total", func(d *order.Draft) { d.Amounts.Total = 5900 }},
		{"zero total", "amounts.total", func(d *order.Draft) {
			d.Amounts.Discount, d.Amounts.Total = 9000, 0
		}},
		{"tip left out of the total", "amounts.total", func(d *order.Draft) { d.Amounts.Tip = 300 }},
		{"small-order fee left out of the total", "amounts.total", func(d *order.Draft) { d.Amounts.SmallOrderFee = 300 }},
		{"discount on the tip", "amounts.total", func(d *order.Draft) {
			d.Amounts.Tip, d.Amounts.Discount, d.Amounts.Total = 300, 6600, 1 // the tip is never discounted: 1 + 300
		}},
		{"negative tip", "amounts.tip", func(d *order.Draft) { d.Amounts.Tip, d.Amounts.Total = -100, 5700 }},
		{"lat without lng", "lat and lng", func(d *order.Draft) { lat := 31.2; d.Delivery.Lat = &lat }},
		{"off Earth", "lat within", func(d *order.Draft) { lat, lng := 91.0, 0.0; d.Delivery.Lat, d.Delivery.Lng = &lat, &lng }},
		{"negative fee", "packing_fee", func(d *order.Draft) {
			d.Amounts.PackingFee, d.Amounts.Total = -200, 5400
		}},
		{"already paid", "paid", func(d *order.Draft) { d.Amounts.Paid = 5800 }},
		{"already refunded", "refunded", func(d *order.Draft) { d.Amounts.Refunded = 1 }},
		{"lower-case currency", "currency", func(d *order.Draft) { d.Currency = "cny" }},
		{"long currency", "currency", func(d *order.Draft) { d.Currency = "CNYY" }},
		{"no phone", "delivery", func(d *order.Draft) { d.Delivery.Phone = " " }},
		{"long note", "note", func(d *order.Draft) { d.Note = strings.Repeat("x", 201) }},
		{"deadline now", "pay_deadline", func(d *order.Draft) { d.PayDeadline = t0 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := draft()
			tt.edit(&d)
			o, err := order.New(d, t0)
			if !errors.Is(err, order.ErrInvalidOrder) || o != nil {
				t.Fatalf("New = %v, %v; want ErrInvalidOrder", o, err)
			}
			if !strings.Contains(err.Error(), tt.problem) {
				t.Fatalf("error %q does not name %q", err, tt.problem)
			}
		})
	}
}

func TestNewAcceptsEdges(t *testing.T) {
	d := draft()
	d.Lines = append(d.Lines, order.Line{SKU: "gift", Qty: 1})
	d.Amounts.Discount, d.Amounts.Total = 7000, 1 // discount beyond the price: total 1
	d.Currency, d.Note = "USD", strings.Repeat("字", 200)
	o, err := order.New(d, t0)
	if err != nil {
		t.Fatal(err)
	}
	if o.Currency() != "USD" || o.Amounts().Total != 1 {
		t.Fatalf("order: %+v", o.Record())
	}
	d = draft() // 5600 + 200 + 500 + 300 (small order) - 7000, at least 1, + 300 (tip) = 301
	d.Amounts.SmallOrderFee, d.Amounts.Tip, d.Amounts.Discount, d.Amounts.Total = 300, 300, 7000, 301
	lat, lng, m := 31.2, 121.4, 2400
	d.Delivery.Lat, d.Delivery.Lng, d.Delivery.DistanceM = &lat, &lng, &m
	if o, err = order.New(d, t0); err != nil || o.Amounts() != d.Amounts || *o.Delivery().DistanceM != 2400 {
		t.Fatalf("order with a tip beyond a discount: %v, %v", o, err)
	}
}
