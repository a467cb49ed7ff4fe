package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/auth"
	"github.com/ordercenter/ordercenter/shared/order"
)

// The preamble every function shares, tested once: method, token, role,
// body type, deadline, in that order.
func TestEndpointPreamble(t *testing.T) {
	secret := []byte(strings.Repeat("k", 32))
	authn, err := NewAuthenticator(secret)
	if err != nil {
		t.Fatal(err)
	}
	sign := func(role auth.Role) string {
		tok, _ := auth.Sign(secret, auth.Principal{Subject: "p-1", Role: role, StoreID: "s-1"}, time.Hour, time.Now())
		return "Bearer " + tok
	}
	e := Endpoint{Method: http.MethodPost, Auth: authn, Roles: []order.Role{order.RoleUser},
		Forbidden: "only users do this", Timeout: time.Minute}
	var got Call
	use := func(c Call) handler.Response { got = c; return JSON(http.StatusOK, map[string]string{"ok": "yes"}) }
	cases := []struct {
		name, method, token, contentType string
		status                           int
		code                             Code
	}{
		{"wrong method", http.MethodGet, sign(auth.RoleUser), "", 405, CodeMethodNotAllowed},
		{"no token", http.MethodPost, "", "", 401, CodeUnauthorized},
		{"forged token", http.MethodPost, "Bearer x.y.z", "", 401, CodeUnauthorized},
		{"other role", http.MethodPost, sign(auth.RoleMerchant), "", 403, CodeForbidden},
		{"not JSON", http.MethodPost, sign(auth.RoleUser), "text/plain", 400, CodeInvalidRequest},
		{"served", http.MethodPost, sign(auth.RoleUser), "application/json; charset=utf-8", 200, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got = Call{}
			req := handler.Request{Method: c.method, Body: []byte(`{}`), Header: http.Header{}}
			req.Header.Set("Authorization", c.token)
			req.Header.Set("Content-Type", c.contentType)
			req.WithContext(context.Background())
			resp := e.Serve(req, use)
			if resp.StatusCode != c.status || (c.code != "" && codeOf(t, resp) != c.code) {
				t.Fatalf("answered %d %s, want %d %s", resp.StatusCode, resp.Body, c.status, c.code)
			}
			if c.status != 200 && got.Ctx != nil {
				t.Fatal("the use case ran after a refusal")
			}
		})
	}
	if got.By.Role != order.RoleUser || got.By.ID != "p-1" {
		t.Errorf("caller %+v", got.By)
	}
	if d, ok := got.Ctx.Deadline(); !ok || time.Until(d) > time.Minute {
		t.Errorf("deadline %v, %v", d, ok)
	}
	resp := Endpoint{Method: http.MethodGet}.Serve(handler.Request{Method: http.MethodPost}, use)
	if resp.Header.Get("Allow") != http.MethodGet {
		t.Errorf("Allow %q", resp.Header.Get("Allow"))
	}
}

func codeOf(t *testing.T, resp handler.Response) Code {
	t.Helper()
	var body struct {
		Error Problem `json:"error"`
	}
	if err := json.Unmarshal(resp.Body, &body); err != nil {
		t.Fatalf("not an error body: %s", resp.Body)
	}
	return body.Error.Code
}
