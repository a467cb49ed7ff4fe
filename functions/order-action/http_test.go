package function

import (
	"net/http"
	"strings"
	"testing"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore/orderstoretest"
)

var (
	user     = order.Actor{Role: order.RoleUser, ID: "u-1"}
	merchant = orderstoretest.Merchant("s-1")
)

func TestRequestsThatChangeNothing(t *testing.T) {
	f := newFixture(t, backends.Bolt(t))
	rec := orderstoretest.Place(t, f.repo, orderstoretest.Spec{})
	path := "/orders/" + rec.OrderID + "/cancel"
	tok := token(t, user)
	cases := []struct {
		name, tok, method, path, body string
		status                        int
		code                          string
	}{
		{"no token", "", http.MethodPost, path, "", 401, "unauthorized"},
		{"forged token", "x.y.z", http.MethodPost, path, "", 401, "unauthorized"},
		{"unknown field", tok, http.MethodPost, path, `{"reason":"x","force":true}`, 400, "invalid_request"},
		{"malformed body", tok, http.MethodPost, path, `{"reason":`, 400, "invalid_request"},
		{"two bodies", tok, http.MethodPost, path, `{} {}`, 400, "invalid_request"},
		{"reason too long", tok, http.MethodPost, path, `{"reason":"` + strings.Repeat("é", 201) + `"}`, 400, "invalid_request"},
		{"version zero", tok, http.MethodPost, path, `{"expected_version":0}`, 400, "invalid_request"},
		{"version not a number", tok, http.MethodPost, path, `{"expected_version":"1"}`, 400, "invalid_request"},
		{"body too large", tok, http.MethodPost, path, `{"reason":"` + strings.Repeat(" ", 64<<10) + `"}`, 400, "invalid_request"},
		{"unknown action", tok, http.MethodPost, "/orders/" + rec.OrderID + "/refund", "", 404, "not_found"},
		{"system action", tok, http.MethodPost, "/orders/" + rec.OrderID + "/pay_timeout", "", 404, "not_found"},
		{"no action", tok, http.MethodPost, "/orders/" + rec.OrderID, "", 404, "not_found"},
		{"unknown order", tok, http.MethodPost, "/orders/01kz0000000000000000000000/cancel", "", 404, "not_found"},
		{"malformed order id", tok, http.MethodPost, "/orders/a#b/cancel", "", 404, "not_found"},
		{"GET", tok, http.MethodGet, path, "", 405, "method_not_allowed"},
		{"stale version", tok, http.MethodPost, path, `{"expected_version":2}`, 409, "conflict"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp := f.call(t, c.tok, c.method, c.path, c.body)
			if resp.StatusCode != c.status || errorCode(resp) != c.code {
				t.Errorf("answered %d %s, want %d %s", resp.StatusCode, resp.Body, c.status, c.code)
			}
		})
	}
	if status, v := f.version(t, rec.OrderID); status != order.StatusPendingPayment || v != 1 {
		t.Errorf("order is %s v%d after refused requests", status, v)
	}
}

func TestWrongContentTypeIsRefused(t *testing.T) {
	f := newFixture(t, backends.Bolt(t))
	rec := orderstoretest.Place(t, f.repo, orderstoretest.Spec{})
	req := handler.Request{Method: http.MethodPost, Body: []byte(`{}`), Header: http.Header{
		"X-Function-Path": {"/orders/" + rec.OrderID + "/cancel"}, "Content-Type": {"text/plain"},
		"Authorization": {"Bearer " + token(t, user)}}}
	resp, _ := f.fn.Handle(req)
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("answered %d %s", resp.StatusCode, resp.Body)
	}
}

func TestExpectedVersion(t *testing.T) {
	backends.Each(t, func(t *testing.T, store kv.Store) {
		f := newFixture(t, store)
		rec := orderstoretest.Drive(t, f.repo, orderstoretest.Place(t, f.repo, orderstoretest.Spec{}).OrderID,
			order.StatusPaid, "", time.Now())
		stale := `{"expected_version":1}`
		if resp := f.act(t, orderstoretest.Merchant("s-2"), rec.OrderID, "accept", stale); resp.StatusCode != 404 {
			t.Errorf("another store's merchant with a stale version: %d, want 404 (not 409)", resp.StatusCode)
		}
		if resp := f.act(t, merchant, rec.OrderID, "accept", stale); resp.StatusCode != 409 || errorCode(resp) != "conflict" {
			t.Errorf("stale version: %d %s", resp.StatusCode, resp.Body)
		}
		resp := f.act(t, merchant, rec.OrderID, "accept", `{"expected_version":2,"reason":"on it"}`)
		if resp.StatusCode != 200 || decodeRecord(t, resp).Version != 3 {
			t.Fatalf("current version: %d %s", resp.StatusCode, resp.Body)
		}
		if resp := f.act(t, merchant, rec.OrderID, "accept", `{"expected_version":2}`); resp.StatusCode != 409 || errorCode(resp) != "conflict" {
			t.Errorf("accepting again with the old version: %d %s", resp.StatusCode, resp.Body)
		}
		if resp := f.act(t, merchant, rec.OrderID, "accept", ""); resp.StatusCode != 409 || errorCode(resp) != "invalid_transition" {
			t.Errorf("accepting again: %d %s", resp.StatusCode, resp.Body)
		}
	})
}
