package function

import (
	"net/http"
	"strings"
	"testing"

	"github.com/ordercenter/ordercenter/shared/auth"
	"github.com/ordercenter/ordercenter/shared/httpapi/httpapitest"
	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
)

// Every id of a request hostile (contract section 4): the body's
// store_id, sku_id and coupon_id, and the Idempotency-Key header. Each is
// 1 to 64 of a small alphabet, so a hostile id is 400 naming its field
// ("..", a store or sku id that names nothing, is 404 without a call to
// the catalog), never 5xx, and no order is placed. (An empty coupon_id is
// no coupon: not a hostile id.)
func TestHostileIDs(t *testing.T) {
	backends.Each(t, func(t *testing.T, s kv.Store) {
		e := newEnv(t, s, withConfig(noLimits))
		positions := []struct {
			field string
			call  func(id string) (key, body string)
			also  []int
		}{
			{"store_id", func(id string) (string, string) {
				return key(), strings.Replace(body("", "noodles:1"), `"s-1"`, httpapitest.JSONString(id), 1)
			}, []int{404}},
			{"items[0].sku_id", func(id string) (string, string) {
				return key(), strings.Replace(body("", "noodles:1"), `"noodles"`, httpapitest.JSONString(id), 1)
			}, []int{404}},
			{"coupon_id", func(id string) (string, string) {
				return key(), body(`"coupon_id":`+httpapitest.JSONString(id), "noodles:1")
			}, nil},
			{KeyHeader, func(id string) (string, string) { return id, body("", "noodles:1") }, nil},
		}
		for _, p := range positions {
			for _, h := range httpapitest.HostileIDs() {
				if h.ID == "" && p.field == "coupon_id" {
					continue
				}
				t.Run(p.field+"/"+h.Name, func(t *testing.T) {
					k, b := p.call(h.ID)
					resp := e.callWith(http.Header{"Authorization": {"Bearer " + token(t, auth.RoleUser, "u-1")},
						KeyHeader: {k}, "Content-Type": {"application/json"}}, b)
					httpapitest.CheckRefused(t, resp, h, MaxIDLen, p.also...)
					if got := errorOf(t, resp); resp.StatusCode == 400 && !names(got, p.field) && !names(got, "body") {
						t.Errorf("400 not naming %s: %s", p.field, resp.Body)
					}
				})
			}
		}
		if n := e.userOrders("u-1"); n != 0 {
			t.Fatalf("hostile requests placed %d orders", n)
		}
	})
}
