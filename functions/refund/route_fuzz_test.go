package function

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/auth"
	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/refund"
)

// FuzzRoute fuzzes the function's routing (the queue path by X-Topic,
// POST / to create, GET /<refund_id> to read) with any subpath, method
// and topic, over a real store that holds no refund: the route's ids
// are refused only with a 400 Problem, and every call is answered with a
// 4xx (nothing is there to find, and no body is sent), never a 5xx.
func FuzzRoute(f *testing.F) {
	for _, s := range []string{"/", "", "/rf-1", "/rf-1/", "//", "/a/b", "/\xff\xfe", "/..", "/%2F"} {
		f.Add(s, http.MethodGet, "")
	}
	f.Add("/", http.MethodPost, "orders.events.refund.requested")
	f.Add("/rf-1", http.MethodDelete, "x")
	repo := orderstore.New(backends.Bolt(f), orderstore.Options{})
	svc, err := refund.New(refund.Deps{Orders: repo, Index: repo.RefundIndex()})
	if err != nil {
		f.Fatal(err)
	}
	authn, _ := httpapi.NewAuthenticator(jwtSecret)
	fn := New(Deps{Refunds: svc, Auth: authn})
	tok, err := auth.Sign(jwtSecret, auth.Principal{Subject: "cs-1", Role: auth.RoleService}, time.Hour, time.Now())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, subpath, method, topic string) {
		for _, pattern := range []string{"", "*"} {
			if _, ok, err := httpapi.Match(subpath, pattern); err != nil {
				var p *httpapi.Problem
				if !ok || !errors.As(err, &p) || p.Code.Status() != http.StatusBadRequest {
					t.Fatalf("Match(%q, %q): %v", subpath, pattern, err)
				}
			}
		}
		req := handler.Request{Method: method, Header: http.Header{httpapi.PathHeader: {subpath},
			"Authorization": {"Bearer " + tok}, events.TopicHeader: {topic}}}
		req.WithContext(context.Background())
		resp, err := fn.Handle(req)
		if err != nil || resp.StatusCode < 400 || resp.StatusCode >= 500 {
			t.Fatalf("%s %q (topic %q) answered %d %s, %v", method, subpath, topic, resp.StatusCode, resp.Body, err)
		}
	})
}
