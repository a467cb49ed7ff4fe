package function

import (
	"net/http"
	"testing"

	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/httpapi/httpapitest"
	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore/orderstoretest"
)

// Both path positions, the order id and the action, hostile (contract
// section 4): 400 for an id that is not UTF-8 or too long, 404 for a
// well-formed one that names no order or no action, never 5xx; and the
// order beside them is not changed. Customer service acts, who may cancel
// any order.
func TestHostileIDs(t *testing.T) {
	backends.Each(t, func(t *testing.T, store kv.Store) {
		f := newFixture(t, store)
		rec := orderstoretest.Place(t, f.repo, orderstoretest.Spec{})
		tok := token(t, order.Actor{Role: order.RoleService, ID: "cs-1"})
		positions := []struct {
			name string
			path func(id string) string
		}{
			{"order id", func(id string) string { return "/orders/" + id + "/cancel" }},
			{"action", func(id string) string { return "/orders/" + rec.OrderID + "/" + id }},
		}
		for _, p := range positions {
			for _, h := range httpapitest.HostileIDs() {
				t.Run(p.name+"/"+h.Name, func(t *testing.T) {
					resp := f.call(t, tok, http.MethodPost, p.path(h.ID), `{"reason":"hostile"}`)
					httpapitest.CheckRefused(t, resp, h, httpapi.MaxIDLen, http.StatusNotFound)
				})
			}
		}
		if status, v := f.version(t, rec.OrderID); status != order.StatusPendingPayment || v != 1 {
			t.Errorf("order is %s v%d after hostile requests", status, v)
		}
	})
}
