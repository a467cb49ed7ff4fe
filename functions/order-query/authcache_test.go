package function

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/auth"
	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/order"
)

// countingAuth counts the calls that reach the real authenticator, whose
// clock the test sets.
type countingAuth struct {
	next  *httpapi.Authenticator
	calls int
}

func (c *countingAuth) Actor(req handler.Request) (order.Actor, error) {
	c.calls++
	return c.next.Actor(req)
}

func bearer(tok string) handler.Request {
	return handler.Request{Header: http.Header{"Authorization": {"Bearer " + tok}}}
}

func TestVerifiedTokensAreRememberedUntilTheyExpire(t *testing.T) {
	authn, _ := httpapi.NewAuthenticator(testSecret)
	counting := &countingAuth{next: authn}
	now := time.Now()
	cache := newCachedAuth(counting, func() time.Time { return now })
	long, _ := auth.Sign(testSecret, auth.Principal{Subject: "m-1", Role: auth.RoleMerchant, StoreID: "s-1"}, time.Hour, now)
	short, _ := auth.Sign(testSecret, auth.Principal{Subject: "u-1", Role: auth.RoleUser}, 20*time.Second, now)
	for range 3 {
		a, err := cache.Actor(bearer(long))
		if err != nil || a != orderMerchant("s-1") {
			t.Fatalf("actor %+v, %v", a, err)
		}
	}
	if counting.calls != 1 {
		t.Errorf("verified %d times, want once", counting.calls)
	}
	now = now.Add(tokenCacheTTL + time.Second)
	if _, err := cache.Actor(bearer(long)); err != nil || counting.calls != 2 {
		t.Errorf("after the TTL: %d verifications, %v", counting.calls, err)
	}
	if _, err := cache.Actor(bearer(short)); err != nil {
		t.Fatal(err)
	}
	calls := counting.calls
	now = now.Add(21 * time.Second)
	if _, err := cache.Actor(bearer(short)); err != nil || counting.calls != calls+1 {
		t.Errorf("past its exp the token was not checked again (%d), %v", counting.calls-calls, err)
	}
}

func TestRefusedTokensAreNotRemembered(t *testing.T) {
	authn, _ := httpapi.NewAuthenticator(testSecret)
	counting := &countingAuth{next: authn}
	cache := newCachedAuth(counting, time.Now)
	forged, _ := auth.Sign([]byte(strings.Repeat("x", 32)), auth.Principal{Subject: "u-1", Role: auth.RoleUser}, time.Hour, time.Now())
	for range 2 {
		_, err := cache.Actor(bearer(forged))
		var p *httpapi.Problem
		if !errors.As(err, &p) || p.Code != httpapi.CodeUnauthorized {
			t.Fatalf("forged token: %v", err)
		}
	}
	if counting.calls != 2 {
		t.Errorf("%d checks of a refused token, want 2", counting.calls)
	}
}

func orderMerchant(store string) order.Actor {
	return order.Actor{Role: order.RoleMerchant, ID: "m-1", StoreID: store}
}
