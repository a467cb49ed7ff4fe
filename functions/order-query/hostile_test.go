package function

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/httpapi/httpapitest"
	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore/orderstoretest"
)

// Every id position of every route (contract section 4): an id that is
// not UTF-8 or too long is 400, never a store lookup; a well-formed id
// that names nothing is 404 (a store's list of nothing: 200, empty); no
// id answers 5xx. Customer service asks, who may read anything.
func TestHostileIDs(t *testing.T) {
	backends.Each(t, func(t *testing.T, store kv.Store) {
		f := newFixture(t, store, time.Time{})
		service := order.Actor{Role: order.RoleService, ID: "cs-1"}
		positions := []struct {
			name   string
			target func(id string) string
			also   []int
		}{
			{"order", func(id string) string { return "/orders/" + id }, []int{404}},
			{"timeline", func(id string) string { return "/orders/" + id + "/timeline" }, []int{404}},
			{"payments", func(id string) string { return "/orders/" + id + "/payments" }, []int{404}},
			{"store", func(id string) string { return "/stores/" + id + "/orders" }, []int{200, 404}},
		}
		for _, p := range positions {
			for _, h := range httpapitest.HostileIDs() {
				t.Run(p.name+"/"+h.Name, func(t *testing.T) {
					resp := f.get(t, service, p.target(h.ID))
					httpapitest.CheckRefused(t, resp, h, httpapi.MaxIDLen, p.also...)
					if resp.StatusCode == 200 && string(resp.Body) != `{"orders":[],"next_cursor":""}` {
						t.Errorf("a store of no orders listed %s", resp.Body)
					}
				})
			}
		}
	})
}

// The query string's values and names, hostile: 400 naming the field,
// never 5xx.
func TestHostileQueryParameters(t *testing.T) {
	f := newFixture(t, backends.Bolt(t), time.Time{})
	user := order.Actor{Role: order.RoleUser, ID: "u-1"}
	service := order.Actor{Role: order.RoleService, ID: "cs-1"}
	for _, h := range httpapitest.HostileIDs() {
		if h.ID == "" {
			continue // an empty value is no parameter at all
		}
		v := url.QueryEscape(h.ID)
		for name, target := range map[string]string{
			"cursor":     "/users/me/orders?cursor=" + v,
			"raw cursor": "/users/me/orders?cursor=" + h.ID,
			"limit":      "/users/me/orders?limit=" + v,
			"name":       "/users/me/orders?" + v + "=1",
			"date":       "/stores/s-1/orders?date=" + v,
			"status":     "/stores/s-1/orders?status=" + v,
			"on an order": "/orders/" + orderstoretest.Place(t, f.repo, orderstoretest.Spec{}).OrderID +
				"?" + v + "=1",
		} {
			t.Run(name+"/"+h.Name, func(t *testing.T) {
				a := user
				if strings.HasPrefix(target, "/stores/") || strings.HasPrefix(target, "/orders/") {
					a = service
				}
				resp := f.get(t, a, target)
				httpapitest.CheckRefused(t, resp, h, 0) // no such value is a valid one: 400 only
			})
		}
	}
	huge := "/users/me/orders?limit=1&" + strings.Repeat("x=1&", 20_000)
	if resp := f.get(t, user, huge); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a query string of %d bytes: %d %.200s", len(huge), resp.StatusCode, resp.Body)
	}
}

// The issue's own case, through the edge as the gateway serves it: GET
// /orders/%ff%fe is 400, and so is an id of 5,000 characters.
func TestHostilePathsThroughTheEdge(t *testing.T) {
	f := newFixture(t, backends.Bolt(t), time.Time{})
	srv := httptest.NewServer(&httpapi.Server{Function: f.fn})
	t.Cleanup(srv.Close)
	service := order.Actor{Role: order.RoleService, ID: "cs-1"}
	for _, path := range []string{"/orders/%ff%fe", "/orders/%FF%FE/timeline", "/stores/%ff/orders",
		"/orders/" + strings.Repeat("a", 5000), "/orders/" + strings.Repeat("%E7%95%8C", 5000)} {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+token(t, service))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var e struct {
			Error struct{ Code string } `json:"error"`
		}
		err = json.NewDecoder(resp.Body).Decode(&e)
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest || err != nil || e.Error.Code != "invalid_request" {
			t.Errorf("GET %.60s: %d %q %v", path, resp.StatusCode, e.Error.Code, err)
		}
	}
}
