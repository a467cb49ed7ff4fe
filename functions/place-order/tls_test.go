package function

import (
	"context"
	"strings"
	"testing"

	"github.com/ordercenter/ordercenter/shared/redisclient"
	"github.com/ordercenter/ordercenter/shared/redistest"
	"github.com/ordercenter/ordercenter/shared/secrets/secretstest"
)

// orderCenterACL is the ACL docs/deploy.md gives the order center's Redis
// user: its keys, and the commands of data and scripts.
const orderCenterACL = "~oc:* ~push:* +@read +@write +@scripting +@connection +@transaction"

// place-order over TLS as an ACL user with only the documented rights:
// an order with a limited item (its hold, the unpaid cap, the first-order
// standing, the rate limits, the idempotency record) is placed and
// replayed.
func TestPlaceOrderOverTLSAsTheDocumentedACLUser(t *testing.T) {
	redistest.OwnServersOnly(t)
	s := redistest.TLS(t)
	ctx := context.Background()
	admin, err := redisclient.New(redisclient.Config{URL: "rediss://" + s.Addr}, secretstest.Dir(t, map[string]string{
		"redis-username": s.User, "redis-password": s.Password, "redis-ca.crt": string(s.CA.PEM)}))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	rules := append([]any{"ACL", "SETUSER", "ordercenter-fn", "on", ">fn-password"}, anySlice(strings.Fields(orderCenterACL))...)
	if err := admin.Do(ctx, rules...).Err(); err != nil {
		t.Fatal(err)
	}
	rdb, err := redisclient.New(redisclient.Config{URL: "rediss://" + s.Addr}, secretstest.Dir(t, map[string]string{
		"redis-username": "ordercenter-fn", "redis-password": "fn-password", "redis-ca.crt": string(s.CA.PEM)}))
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	e := bolt(t, withConfig(func(c *Config) { c.RedisPrefix = "oc:" }), func(d *Deps) { d.Redis = rdb })
	k, b := key(), body("", "shank:1", "noodles:1")
	first := e.call("u-acl", k, b)
	decodePlaced(t, first)
	assertReplay(t, first, e.call("u-acl", k, b))
	if n, err := rdb.Exists(ctx, e.p.idem.Key(keyScope("u-acl"), k)).Result(); err != nil || n != 1 {
		t.Fatalf("the idempotency record is not in Redis: %d, %v", n, err)
	}
}

func anySlice(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}
