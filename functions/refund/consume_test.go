package function

import (
	"context"
	"net/http"
	"strings"
	"testing"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
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
