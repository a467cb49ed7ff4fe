package function

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/events/eventstest"
	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/order/orderstore/orderstoretest"
)

// The queue path refuses, for good (400), what order.DecodeEvent refuses,
// and says which field is at fault; an event of a type it does not act
// on is done.
func TestQueuePathDecodesEventsWithTheSharedDecoder(t *testing.T) {
	f := newFixture(t, backends.Bolt(t), nil)
	requested := `{"event_id":"o-1-3-1","type":"refund.requested","order_id":"o-1","data":{"refund_id":"rf-1","amount":"lots"}}`
	tests := []struct{ name, subject, body, field string }{
		{"malformed", "orders.events.refund.requested", `{"event_id":`, "body"},
		{"data of the wrong shape", "orders.events.refund.requested", requested, "data"},
		{"subject disagrees", "orders.events.order.cancelled", strings.Replace(requested, `"lots"`, `1`, 1), "type"},
		{"no order", "orders.events.order.cancelled", `{"event_id":"e-1"}`, "order_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := f.deliver(t, tt.subject, tt.body)
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(resp.Body), `"field":"`+tt.field+`"`) {
				t.Fatalf("%d %s, want 400 naming %s", resp.StatusCode, resp.Body, tt.field)
			}
		})
	}
	if resp := f.deliver(t, "orders.events.order.ready", `{"event_id":"e-2","order_id":"o-1"}`); resp.StatusCode != http.StatusOK {
		t.Fatalf("an event of no concern: %d %s", resp.StatusCode, resp.Body)
	}
}

// deliver calls the function as the connector does, the subject in
// X-Topic.
func (f *fixture) deliver(t *testing.T, subject, body string) handler.Response {
	t.Helper()
	req := handler.Request{Method: http.MethodPost, Body: []byte(body),
		Header: http.Header{events.TopicHeader: {subject}, "Content-Type": {"application/json"}}}
	req.WithContext(context.Background())
	resp, err := f.fn.Handle(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// events of the order's timeline by type (the latest of each), as the
// repository stored them.
func (f *fixture) events(t *testing.T, id string) map[order.EventType]order.Event {
	t.Helper()
	changes, err := f.repo.Timeline(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	evs := map[order.EventType]order.Event{}
	for _, c := range changes {
		for _, e := range c.Events {
			evs[e.Type] = e
		}
	}
	return evs
}

func encode(t *testing.T, e order.Event) string {
	t.Helper()
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The queue path acts only on events the order's record holds: a
// refund.requested for a refund the record lacks, an order.cancelled of
// an order that is not cancelled, an event of an unknown order are each
// refused for good (400 naming the field), carry nothing out at the
// provider, record no refund, and are counted. The genuine events of a
// cancellation then refund as before.
func TestQueuePathActsOnlyOnWhatTheRecordHolds(t *testing.T) {
	backends.Each(t, func(t *testing.T, s kv.Store) {
		contradicted := eventstest.Contradicted(t)
		f := newFixture(t, s, nil)
		id := f.orderIn(t, order.StatusPaid)
		paid := f.events(t, id)[order.EventPaid]
		requested := func(version int64, refundID string) order.Event {
			return order.Event{EventID: order.EventIDFor(id, version, 1), Type: order.EventRefundRequested, OrderID: id,
				UserID: "u-1", StoreID: "s-1", OrderVersion: version, OccurredAt: time.Now().UTC(),
				Data: order.RefundRequestedData{Amount: 5800, Currency: "CNY", Kind: order.KindRefund, RefundID: refundID}}
		}
		cancelled := order.Event{EventID: order.EventIDFor(id, 3, 1), Type: order.EventCancelled, OrderID: id,
			UserID: "u-1", StoreID: "s-1", OrderVersion: 3, OccurredAt: time.Now().UTC(),
			Data: order.CancelledData{Action: order.ActionCancel, From: order.StatusPaid, Reason: "forged", RefundDue: true}}
		unknown := requested(2, "forged-3")
		unknown.OrderID = order.NewID(time.Now())
		forged := []struct {
			name, subject, field string
			ev                   order.Event
		}{
			{"a refund the record lacks", "orders.events.refund.requested", "order_version", requested(3, "forged-1")},
			{"a refund at the paid version", "orders.events.refund.requested", "type", requested(paid.OrderVersion, "forged-2")},
			{"a cancellation of a paid order", "orders.events.order.cancelled", "order_version", cancelled},
			{"an unknown order", "orders.events.refund.requested", "order_id", unknown},
		}
		for _, tt := range forged {
			resp := f.deliver(t, tt.subject, encode(t, tt.ev))
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(resp.Body), `"field":"`+tt.field+`"`) {
				t.Errorf("%s: %d %s, want 400 naming %s", tt.name, resp.StatusCode, resp.Body, tt.field)
			}
		}
		if calls := len(f.sandbox.Calls()); calls != 0 {
			t.Fatalf("forged events reached the provider %d times", calls)
		}
		if o, err := f.repo.Get(context.Background(), id); err != nil || len(o.Refunds()) != 0 || o.Status() != order.StatusPaid {
			t.Fatalf("after forged events: %v", err)
		}
		if n := contradicted(Name); n != int64(len(forged)) {
			t.Fatalf("%s{consumer=refund} = %d, want %d", events.ContradictedMetric, n, len(forged))
		}

		orderstoretest.Drive(t, f.repo, id, order.StatusCancelled, "r-1", f.now())
		if resp := f.deliver(t, "orders.events.order.cancelled", encode(t, f.events(t, id)[order.EventCancelled])); resp.StatusCode != 200 {
			t.Fatalf("the genuine cancellation: %d %s", resp.StatusCode, resp.Body)
		}
		if resp := f.deliver(t, "orders.events.refund.requested", encode(t, f.events(t, id)[order.EventRefundRequested])); resp.StatusCode != 200 {
			t.Fatalf("the genuine refund: %d %s", resp.StatusCode, resp.Body)
		}
		if n := f.sandbox.Refunds(order.CancelRefundID(id)).Executed; n != 1 {
			t.Fatalf("the cancellation's refund carried out %d times", n)
		}
	})
}

// A store that cannot answer leaves the event to be delivered again.
func TestQueuePathWithTheStoreDownIs503(t *testing.T) {
	f := newFixture(t, backends.Bolt(t), nil)
	id := f.orderIn(t, order.StatusCancelled)
	f.fn = New(Deps{Refunds: f.fn.refunds, Orders: orderstore.New(backends.Unreachable(t), orderstore.Options{})})
	resp := f.deliver(t, "orders.events.order.cancelled", encode(t, f.events(t, id)[order.EventCancelled]))
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("store down: %d %s", resp.StatusCode, resp.Body)
	}
	f.fn = New(Deps{Refunds: f.fn.refunds})
	if resp := f.deliver(t, "orders.events.order.cancelled", encode(t, f.events(t, id)[order.EventCancelled])); resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("no orders to check against: %d %s", resp.StatusCode, resp.Body)
	}
}
