package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"
)

func TestDecodeJSONRefusesBadBodies(t *testing.T) {
	type body struct {
		Name string `json:"name"`
		Qty  int    `json:"qty"`
	}
	cases := map[string]string{
		"unknown field": `{"name":"a","extra":1}`,
		"wrong type":    `{"qty":"two"}`,
		"malformed":     `{"name":`,
		"two values":    `{} {}`,
		"too large":     `{"name":"` + strings.Repeat("x", MaxBodyBytes) + `"}`,
	}
	for name, raw := range cases {
		t.Run(name, func(t *testing.T) {
			var v body
			err := DecodeJSON(handler.Request{Body: []byte(raw), Header: http.Header{}}, &v)
			var p *Problem
			if !errors.As(err, &p) || p.Code != CodeInvalidRequest || len(p.Details) != 1 {
				t.Fatalf("got %v, want an invalid_request problem naming the field", err)
			}
		})
	}
	var v body
	if err := DecodeJSON(handler.Request{Body: []byte(`{"name":"a","qty":2}`), Header: http.Header{}}, &v); err != nil || v.Qty != 2 {
		t.Fatalf("good body: %v %+v", err, v)
	}
}

func TestErrorHidesInternalText(t *testing.T) {
	resp := Error(context.Background(), errors.New("dial tcp 10.0.0.1:8000: secret detail"))
	if resp.StatusCode != 500 || strings.Contains(string(resp.Body), "secret") {
		t.Fatalf("internal error answered %d %s", resp.StatusCode, resp.Body)
	}
	resp = Error(context.Background(), &Problem{Code: CodeDependencyUnavailable, Message: "catalog down", RetryAfter: 1500 * time.Millisecond})
	var got struct {
		Error Problem `json:"error"`
	}
	if err := json.Unmarshal(resp.Body, &got); err != nil || resp.StatusCode != 503 || got.Error.Code != CodeDependencyUnavailable {
		t.Fatalf("problem answered %d %s (%v)", resp.StatusCode, resp.Body, err)
	}
	if resp.Header.Get("Retry-After") != "2" {
		t.Errorf("Retry-After %q, want 2", resp.Header.Get("Retry-After"))
	}
}

func TestCodesMapToContractStatuses(t *testing.T) {
	want := map[Code]int{CodeInvalidRequest: 400, CodeUnauthorized: 401, CodeForbidden: 403, CodeNotFound: 404,
		CodeConflict: 409, "out_of_stock": 409, CodeRequestInProgress: 409, CodeIdempotencyKeyReused: 422,
		"refund_exceeds_paid": 422, CodeRateLimited: 429, CodeDependencyUnavailable: 503, CodeInternal: 500}
	for code, status := range want {
		if got := code.Status(); got != status {
			t.Errorf("%s: %d, want %d", code, got, status)
		}
	}
}

func TestSubpath(t *testing.T) {
	for header, want := range map[string]string{"": "/", "/orders/1": "/orders/1", "x": "/x"} {
		req := handler.Request{Header: http.Header{}}
		req.Header.Set(PathHeader, header)
		if got := Subpath(req); got != want {
			t.Errorf("Subpath(%q) = %q, want %q", header, got, want)
		}
	}
}
