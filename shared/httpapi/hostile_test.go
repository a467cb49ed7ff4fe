package httpapi

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/auth"
	"github.com/ordercenter/ordercenter/shared/origin"
)

// refuseAll proves no call's origin.
type refuseAll struct{}

func (refuseAll) Verify(handler.Request) error { return origin.ErrUnproven }

// A body that is not valid UTF-8 is 400 naming the body before the use
// case runs (encoding/json would turn an id's invalid bytes into U+FFFD,
// which the contract wants refused), but only once the caller is known:
// an unproven or unauthenticated call is still 401.
func TestEndpointRefusesBodiesNotUTF8(t *testing.T) {
	secret := []byte(strings.Repeat("k", 32))
	authn, err := NewAuthenticator(secret)
	if err != nil {
		t.Fatal(err)
	}
	tok, _ := auth.Sign(secret, auth.Principal{Subject: "p-1", Role: auth.RoleUser}, time.Hour, time.Now())
	ran := false
	use := func(Call) handler.Response { ran = true; return JSON(http.StatusOK, map[string]string{"ok": "yes"}) }
	cases := []struct {
		name   string
		e      Endpoint
		token  string
		body   string
		status int
	}{
		{"not UTF-8", Endpoint{Auth: authn}, tok, `{"order_id":"` + "\xff\xfe" + `"}`, 400},
		{"truncated rune", Endpoint{Auth: authn}, tok, `{"order_id":"o-1` + "\xe7\x95" + `"}`, 400},
		{"not UTF-8, no token", Endpoint{Auth: authn}, "", `{"order_id":"` + "\xff" + `"}`, 401},
		{"not UTF-8, origin unproven", Endpoint{Origin: refuseAll{}}, "", "\xff", 401},
		{"escaped U+FFFD is UTF-8", Endpoint{Auth: authn}, tok, `{"order_id":"\ufffd"}`, 200},
		{"no body", Endpoint{Auth: authn}, tok, "", 200},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ran = false
			req := handler.Request{Method: http.MethodPost, Body: []byte(c.body),
				Header: http.Header{"Content-Type": {"application/json"}}}
			if c.token != "" {
				req.Header.Set("Authorization", "Bearer "+c.token)
			}
			req.WithContext(context.Background())
			resp := c.e.Serve(req, use)
			if resp.StatusCode != c.status || ran != (c.status == 200) {
				t.Fatalf("answered %d %s (use case ran: %v), want %d", resp.StatusCode, resp.Body, ran, c.status)
			}
			if c.status == 400 && !strings.Contains(string(resp.Body), `"field":"body"`) {
				t.Errorf("400 not naming the body: %s", resp.Body)
			}
		})
	}
}
