package function

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"sync"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/order"
)

// Limits of the verified-token cache.
const (
	// tokenCacheTTL is the longest a verified token is trusted without
	// checking its signature again; never past its own exp.
	tokenCacheTTL = time.Minute
	// tokenCacheSize bounds the entries; when full, the cache starts
	// afresh.
	tokenCacheSize = 4096
)

// cachedAuth remembers the callers of tokens it has verified, so that an
// app polling with one token (merchants poll their order list) pays for
// the signature check about once a minute instead of on every call. Only
// tokens the underlying Authenticator accepted are remembered, keyed by
// the whole Authorization header, and only until the sooner of
// tokenCacheTTL and the token's exp: what it answers is what the
// Authenticator would.
type cachedAuth struct {
	next    Authenticator
	now     func() time.Time
	mu      sync.Mutex
	entries map[string]cachedActor
}

type cachedActor struct {
	actor order.Actor
	until time.Time
}

func newCachedAuth(next Authenticator, now func() time.Time) *cachedAuth {
	return &cachedAuth{next: next, now: now, entries: map[string]cachedActor{}}
}

// Actor implements Authenticator.
func (c *cachedAuth) Actor(req handler.Request) (order.Actor, error) {
	header := req.Header.Get("Authorization")
	now := c.now()
	c.mu.Lock()
	e, ok := c.entries[header]
	c.mu.Unlock()
	if ok && now.Before(e.until) {
		return e.actor, nil
	}
	actor, err := c.next.Actor(req)
	if err != nil {
		return actor, err
	}
	if exp, ok := expiry(header); ok {
		c.remember(header, cachedActor{actor: actor, until: minTime(exp, now.Add(tokenCacheTTL))})
	}
	return actor, nil
}

func (c *cachedAuth) remember(header string, e cachedActor) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= tokenCacheSize {
		clear(c.entries)
	}
	c.entries[header] = e
}

// expiry reads the exp claim of a bearer token that has been verified.
func expiry(header string) (time.Time, bool) {
	parts := strings.Split(strings.TrimSpace(header[min(len(header), len("Bearer ")):]), ".")
	if len(parts) != 3 {
		return time.Time{}, false
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	var claims struct {
		Exp *json.Number `json:"exp"`
	}
	if err != nil || json.Unmarshal(payload, &claims) != nil || claims.Exp == nil {
		return time.Time{}, false
	}
	secs, err := claims.Exp.Float64()
	if err != nil {
		return time.Time{}, false
	}
	return time.Unix(int64(secs), 0), true
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
