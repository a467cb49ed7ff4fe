package httpapi

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/auth"
	"github.com/ordercenter/ordercenter/shared/order"
)

func TestActorFromToken(t *testing.T) {
	secret := []byte(strings.Repeat("k", 32))
	a, err := NewAuthenticator(secret)
	if err != nil {
		t.Fatal(err)
	}
	tok, _ := auth.Sign(secret, auth.Principal{Subject: "m-1", Role: auth.RoleMerchant, StoreID: "s-1"}, time.Hour, time.Now())
	req := handler.Request{Header: http.Header{"Authorization": {"Bearer " + tok}}}
	got, err := a.Actor(req)
	if err != nil || got != (order.Actor{Role: order.RoleMerchant, ID: "m-1", StoreID: "s-1"}) {
		t.Fatalf("actor %+v, %v", got, err)
	}
	other, _ := auth.Sign([]byte(strings.Repeat("x", 32)), auth.Principal{Subject: "u", Role: auth.RoleUser}, time.Hour, time.Now())
	for _, header := range []string{"", "Bearer nonsense", "Bearer " + other} {
		_, err := a.Actor(handler.Request{Header: http.Header{"Authorization": {header}}})
		var p *Problem
		if !errors.As(err, &p) || p.Code != CodeUnauthorized {
			t.Errorf("%q: %v, want 401", header, err)
		}
	}
}
