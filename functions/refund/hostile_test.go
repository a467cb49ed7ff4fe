package function

import (
	"context"
	"net/http"
	"testing"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/auth"
	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/httpapi/httpapitest"
	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
)

// Every id position of both entries hostile (contract section 4): on the
// HTTP entry the body's order_id and refund_id and the path's refund id,
// on the event entry an event's event_id, order_id and data.refund_id.
// An id that is not UTF-8 or too long is 400; a well-formed one that
// names nothing is 404 (HTTP) or done with nothing to do (200, events);
// none is 5xx; and no refund is recorded or asked of the provider.
func TestHostileIDs(t *testing.T) {
	backends.Each(t, func(t *testing.T, s kv.Store) {
		f := newFixture(t, s, nil)
		paid := f.orderIn(t, order.StatusPaid)
		service := token(t, auth.RoleService, "cs-1", "")
		body := func(orderID, refundID string) string {
			return `{"order_id":` + httpapitest.JSONString(orderID) + `,"refund_id":` +
				httpapitest.JSONString(refundID) + `,"amount":100}`
		}
		event := func(typ, eventID, orderID, data string) string {
			return `{"event_id":` + httpapitest.JSONString(eventID) + `,"type":"` + typ + `","order_id":` +
				httpapitest.JSONString(orderID) + `,"user_id":"u-1","store_id":"s-1","order_version":3,"data":` + data + `}`
		}
		requested := func(refundID string) string {
			return `{"refund_id":` + httpapitest.JSONString(refundID) + `,"amount":100,"currency":"CNY"}`
		}
		const due = `{"from":"PAID","action":"reject","refund_due":true}`
		positions := []struct {
			name string
			call func(id string) handler.Response
			max  int
			also []int
		}{
			{"POST order_id", func(id string) handler.Response {
				return f.handle(t, http.MethodPost, "/", service, body(id, "rf-hostile"))
			}, httpapi.MaxIDLen, []int{404}},
			{"POST refund_id", func(id string) handler.Response {
				return f.handle(t, http.MethodPost, "/", service, body(paid, id))
			}, httpapi.MaxIDLen, nil},
			{"GET refund id", func(id string) handler.Response {
				return f.handle(t, http.MethodGet, "/"+id, service, "")
			}, httpapi.MaxIDLen, []int{404, 405}}, // "/" is the POST route
			{"event event_id", func(id string) handler.Response {
				return f.deliver(t, "orders.events.refund.requested",
					event("refund.requested", id, paid, requested("rf-never")))
			}, maxEventIDLen, []int{200}},
			{"event order_id", func(id string) handler.Response {
				return f.deliver(t, "orders.events.order.cancelled", event("order.cancelled", "e-1", id, due))
			}, httpapi.MaxIDLen, []int{200}},
			{"event data.refund_id", func(id string) handler.Response {
				return f.deliver(t, "orders.events.refund.requested", event("refund.requested", "e-2", paid, requested(id)))
			}, httpapi.MaxIDLen, []int{200}},
		}
		for _, p := range positions {
			for _, h := range httpapitest.HostileIDs() {
				t.Run(p.name+"/"+h.Name, func(t *testing.T) {
					httpapitest.CheckRefused(t, p.call(h.ID), h, p.max, p.also...)
				})
			}
		}
		o, err := f.repo.Get(context.Background(), paid)
		if err != nil {
			t.Fatal(err)
		}
		if rfs := o.Record().Refunds; len(rfs) != 0 || o.Amounts().Refunded != 0 || len(f.sandbox.Calls()) != 0 {
			t.Errorf("hostile calls left refunds %+v and %d provider calls", rfs, len(f.sandbox.Calls()))
		}
	})
}

// maxEventIDLen is the documented bound of an event id (order.DecodeEvent).
const maxEventIDLen = 128

// handle sends one HTTP call as the gateway does and returns the answer
// as it is.
func (f *fixture) handle(t *testing.T, method, path, tok, body string) handler.Response {
	t.Helper()
	req := handler.Request{Method: method, Body: []byte(body),
		Header: http.Header{httpapi.PathHeader: {path}, "Content-Type": {"application/json"},
			"Authorization": {"Bearer " + tok}}}
	req.WithContext(context.Background())
	resp, err := f.fn.Handle(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}
