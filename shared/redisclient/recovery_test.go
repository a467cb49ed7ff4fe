package redisclient_test

import (
	"context"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/breaker"
	"github.com/ordercenter/ordercenter/shared/redisclient"
	"github.com/ordercenter/ordercenter/shared/redistest"
)

// A Redis that loses every connection and comes back (a restart, a
// failover) is used again once the breaker lets its trial through: the
// trial's new connection runs its HELLO inside the trial, not as a
// second call the half-open breaker would refuse.
func TestBreakerClosesAgainWhenRedisComesBack(t *testing.T) {
	proxy, url := redistest.Proxy(t)
	c := open(t, redisclient.Config{URL: url}, "")
	ctx := context.Background()
	if err := c.Ping(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	proxy.Stop() // every connection closed, new ones refused
	for range 2 * breaker.DefaultFailures {
		_ = c.Ping(ctx).Err()
	}
	if !c.Open() {
		t.Fatal("the breaker did not open")
	}
	if err := proxy.Start(); err != nil {
		t.Fatal(err)
	}
	var err error
	for deadline := time.Now().Add(10 * breaker.DefaultOpenFor); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if err = c.Ping(ctx).Err(); err == nil {
			return
		}
	}
	t.Fatalf("Redis is back, the client still fails: %v", err)
}
