package redisclient_test

import (
	"context"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/ordercenter/ordercenter/shared/redisclient"
	"github.com/ordercenter/ordercenter/shared/redistest"
)

// A cluster client authenticates and speaks TLS because redis-ca.crt is
// given, and keys of every slot work through it.
func TestClusterWithTLSAndAnACLUser(t *testing.T) {
	s := redistest.TLSCluster(t)
	cfg := redisclient.Config{ClusterAddrs: []string{s.Addr}}
	c := open(t, cfg, tlsSecrets(t, s, s.Password, string(s.CA.PEM)))
	if _, ok := c.UniversalClient.(*redis.ClusterClient); !ok {
		t.Fatalf("a %T, want a cluster client", c.UniversalClient)
	}
	assertWorks(t, c)
	ctx := context.Background()
	for _, k := range []string{"{a}x", "{b}x", "{c}x"} {
		if err := c.Set(ctx, k, "1", 0).Err(); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("wrong password", func(t *testing.T) {
		assertRefused(t, open(t, cfg, tlsSecrets(t, s, "wrong", string(s.CA.PEM))), "redis-password")
	})
	t.Run("wrong CA", func(t *testing.T) {
		assertRefused(t, open(t, cfg, tlsSecrets(t, s, s.Password, caPEM(t))), "redis-ca.crt")
	})
}
