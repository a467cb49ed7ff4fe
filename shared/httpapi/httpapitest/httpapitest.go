// Package httpapitest helps test functions through the conventions of
// package httpapi: bearer tokens naming order actors, as
// httpapi.Authenticator reads them, and the code of an error answer.
package httpapitest

import (
	"encoding/json"
	"sync"
	"testing"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/auth"
	"github.com/ordercenter/ordercenter/shared/order"
)

// TokenTTL is how long the tokens of Token stay valid.
const TokenTTL = 24 * time.Hour

var tokens = struct {
	sync.Mutex
	signed map[string]string
}{signed: map[string]string{}}

// Token signs a bearer token naming the actor with secret, valid for
// TokenTTL; it signs each (secret, actor) once per test process.
func Token(t testing.TB, secret []byte, a order.Actor) string {
	t.Helper()
	key := string(secret) + "\x00" + a.Role.String() + "\x00" + a.ID + "\x00" + a.StoreID
	tokens.Lock()
	defer tokens.Unlock()
	if tok, ok := tokens.signed[key]; ok {
		return tok
	}
	role, err := auth.ParseRole(a.Role.String())
	if err != nil {
		t.Fatal(err)
	}
	p := auth.Principal{Subject: a.ID, Role: role}
	if role == auth.RoleMerchant {
		p.StoreID = a.StoreID
	}
	tok, err := auth.Sign(secret, p, TokenTTL, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	tokens.signed[key] = tok
	return tok
}

// ErrorCode is the code of an error answer ("" if the body is not one).
func ErrorCode(resp handler.Response) string {
	var e struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	_ = json.Unmarshal(resp.Body, &e)
	return e.Error.Code
}
