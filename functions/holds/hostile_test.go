package function

import (
	"net/http"
	"testing"

	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/httpapi/httpapitest"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
)

// maxEventIDLen is the documented bound of an event id (order.DecodeEvent).
const maxEventIDLen = 128

// Every id of an order.cancelled hostile (contract section 4): event_id,
// order_id, user_id, store_id, each beside a live hold of its own. An id
// that is not UTF-8 or too long is 400 and the hold is kept; a
// well-formed one is an event like any other (200: settled, or no hold of
// that order); none is 5xx. Built without an origin check, as the tests
// of this package are. A well-formed id that is not the held order's
// is 400 too (the order's record does not hold such an event).
func TestHostileIDs(t *testing.T) {
	f := newFixture(t, backends.Bolt(t))
	positions := []struct {
		name string
		max  int
		body func(held, id string) string
	}{
		{"event_id", maxEventIDLen, func(held, id string) string { return cancelled(id, held, "u-1", "s-1") }},
		{"order_id", httpapi.MaxIDLen, func(_, id string) string { return cancelled("e-1", id, "u-1", "s-1") }},
		{"user_id", httpapi.MaxIDLen, func(held, id string) string { return cancelled("e-2", held, id, "s-1") }},
		{"store_id", httpapi.MaxIDLen, func(held, id string) string { return cancelled("e-3", held, "u-1", id) }},
	}
	for _, p := range positions {
		for _, h := range httpapitest.HostileIDs() {
			t.Run(p.name+"/"+h.Name, func(t *testing.T) {
				held := f.place(t)
				before := f.stock()
				resp := f.deliver(t, []byte(p.body(held, h.ID)))
				httpapitest.CheckRefused(t, resp, h, p.max, http.StatusOK)
				if resp.StatusCode == http.StatusBadRequest && (f.stock() != before || f.coupon() != "h:"+held) {
					t.Errorf("refused, yet stock %d (was %d), coupon %q", f.stock(), before, f.coupon())
				}
				f.release(t, held)
			})
		}
	}
}

// cancelled is an order.cancelled from PENDING_PAYMENT with the ids as a
// hostile sender writes them.
func cancelled(eventID, orderID, userID, storeID string) string {
	return `{"event_id":` + httpapitest.JSONString(eventID) + `,"type":"order.cancelled","order_id":` +
		httpapitest.JSONString(orderID) + `,"user_id":` + httpapitest.JSONString(userID) + `,"store_id":` +
		httpapitest.JSONString(storeID) + `,"order_version":2,"occurred_at":"2026-11-21T12:00:00Z",` +
		`"data":{"from":"PENDING_PAYMENT","action":"cancel"}}`
}

// release gives the hold back, so that the next case holds the coupon
// afresh.
func (f *fixture) release(t *testing.T, held string) {
	t.Helper()
	if _, err := f.r.Release(t.Context(), held, true); err != nil {
		t.Fatal(err)
	}
}
