package function

import (
	"context"
	"net/http"
	"strings"
	"testing"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
)

// The sweeper has no ids; what a caller can vary is the method, the
// body, the query string and the subpath. None of them is a 5xx (contract
// section 4): a trigger is swept (200, the body and query ignored), or,
// for a body that is no JSON text, 400. Built without an origin check,
// as the tests of this package are.
func TestHostileTriggers(t *testing.T) {
	s := New(nil, HealTask{Repo: orderstore.New(backends.Bolt(t), orderstore.Options{})})
	json := http.Header{"Content-Type": {"application/json"}}
	tests := []struct {
		name, method, body, query, subpath string
		header                             http.Header
		want                               int
	}{
		{"no method", "", "", "", "", nil, 200},
		{"GET", http.MethodGet, "", "", "", nil, 200},
		{"DELETE", http.MethodDelete, "", "", "", nil, 200},
		{"made-up method", "BREW", "", "", "", nil, 200},
		{"JSON body", http.MethodPost, `{"run":"everything","tasks":["drop-table"]}`, "", "", json, 200},
		{"malformed JSON body", http.MethodPost, `{"run":`, "", "", json, 200},
		{"body not UTF-8", http.MethodPost, "\xff\xfe\x00", "", "", json, 400},
		{"body of another type", http.MethodPost, "run", "", "", http.Header{"Content-Type": {"text/plain"}}, 400},
		{"64 KiB body", http.MethodPost, `"` + strings.Repeat("x", httpapi.MaxBodyBytes) + `"`, "", "", json, 200},
		{"huge query string", http.MethodPost, "", strings.Repeat("task=heal&", 50_000), "", nil, 200},
		{"malformed query string", http.MethodPost, "", "%zz&;=&\xff\xfe", "", nil, 200},
		{"subpath", http.MethodPost, "", "", "/tasks/\xff\xfe/" + strings.Repeat("a", 5000), nil, 200},
		{"subpath walking up", http.MethodPost, "", "", "/../../etc/passwd", nil, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := tt.header.Clone()
			if h == nil {
				h = http.Header{}
			}
			if tt.subpath != "" {
				h.Set(httpapi.PathHeader, tt.subpath)
			}
			req := handler.Request{Method: tt.method, Body: []byte(tt.body), QueryString: tt.query, Header: h}
			req.WithContext(context.Background())
			resp, err := s.Handle(req)
			if err != nil || resp.StatusCode != tt.want {
				t.Fatalf("answered %d %.300s, %v; want %d", resp.StatusCode, resp.Body, err, tt.want)
			}
		})
	}
}
