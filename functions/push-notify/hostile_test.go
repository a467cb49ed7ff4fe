package function

import (
	"net/http"
	"testing"

	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/httpapi/httpapitest"
	"github.com/ordercenter/ordercenter/shared/ratelimit"
)

// Every id of an order.paid (heard by its user and its store) hostile
// (contract section 4): event_id, order_id, user_id, store_id. An id
// that is not UTF-8 or too long, or that a push cannot carry (an
// event_id not of visible ASCII), is 400 and nothing is pushed; a
// well-formed one is an event like any other (200); none is 5xx. Built
// without an origin check, as the tests of this package are; no rate
// limit, so that only the ids decide.
func TestHostileIDs(t *testing.T) {
	f := newFixture(t)
	n := f.notifier(t, func(d *Deps) { d.Config.RateLimit, d.Config.MerchantRateLimit = ratelimit.Limit{}, ratelimit.Limit{} })
	positions := []struct {
		name string
		max  int
		body func(id string) string
	}{
		{"event_id", maxEventIDLen, func(id string) string { return paid(id, orderID, "u-1", "s-1") }},
		{"order_id", httpapi.MaxIDLen, func(id string) string { return paid("e-1", id, "u-1", "s-1") }},
		{"user_id", httpapi.MaxIDLen, func(id string) string { return paid("e-2", orderID, id, "s-1") }},
		{"store_id", httpapi.MaxIDLen, func(id string) string { return paid("e-3", orderID, "u-1", id) }},
	}
	for _, p := range positions {
		for _, h := range httpapitest.HostileIDs() {
			t.Run(p.name+"/"+h.Name, func(t *testing.T) {
				before := f.pushCalls(t)
				resp := post(n, p.body(h.ID), TopicHeader, "orders.events.order.paid")
				httpapitest.CheckRefused(t, resp, h, p.max, http.StatusOK)
				if resp.StatusCode == http.StatusBadRequest && f.pushCalls(t) != before {
					t.Errorf("refused, yet %d pushes sent", f.pushCalls(t)-before)
				}
			})
		}
	}
}

// paid is an order.paid with the ids as a hostile sender writes them.
func paid(eventID, orderID, userID, storeID string) string {
	return `{"event_id":` + httpapitest.JSONString(eventID) + `,"type":"order.paid","order_id":` +
		httpapitest.JSONString(orderID) + `,"user_id":` + httpapitest.JSONString(userID) + `,"store_id":` +
		httpapitest.JSONString(storeID) + `,"order_version":2,"occurred_at":"2026-11-21T12:00:00Z",` +
		`"data":{"amount":5800}}`
}
