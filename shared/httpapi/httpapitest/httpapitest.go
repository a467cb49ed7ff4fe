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
	"github.com/ordercenter/ordercenter/shared/secrets"
)

// TokenTTL is how long the tokens of Token stay valid: the longest that
// an Authenticator accepts unless MAX_TOKEN_TTL is lower.
const TokenTTL = auth.DefaultMaxTTL

var tokens = struct {
	sync.Mutex
	signed map[string]string
}{signed: map[string]string{}}

// Token signs a bearer token naming the actor, valid for TokenTTL, with
// the current key of secret: its first line, as a jwt-secret file is read
// (secrets.ParseLines), or secret itself when it holds no line. It signs
// each (secret, actor) once per test process.
func Token(t testing.TB, secret []byte, a order.Actor) string {
	t.Helper()
	cacheKey := string(secret) + "\x00" + a.Role.String() + "\x00" + a.ID + "\x00" + a.StoreID
	tokens.Lock()
	defer tokens.Unlock()
	if tok, ok := tokens.signed[cacheKey]; ok {
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
	key := secret
	if keys := secrets.ParseLines(secret); len(keys) > 0 {
		key = keys[0]
	}
	tok, err := auth.Sign(key, p, TokenTTL, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	tokens.signed[cacheKey] = tok
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
