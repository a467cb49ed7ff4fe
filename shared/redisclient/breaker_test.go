package redisclient_test

import (
	"context"
	"errors"
	"net"
	"testing"

	"github.com/ordercenter/ordercenter/shared/breaker"
	"github.com/ordercenter/ordercenter/shared/redisclient"
)

// closedAddr is a loopback address nothing listens at.
func closedAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return addr
}

// An unreachable Redis of any topology is no refusal at start, and its
// failures open the one breaker.
func TestUnreachableIsNoRefusalAndOpensTheBreaker(t *testing.T) {
	addr := closedAddr(t)
	for name, cfg := range map[string]redisclient.Config{
		"one server": {URL: "redis://" + addr},
		"cluster":    {ClusterAddrs: []string{addr}},
		"sentinel":   {SentinelAddrs: []string{addr}, SentinelMaster: "m"},
	} {
		t.Run(name, func(t *testing.T) {
			c := open(t, cfg, "")
			ctx := context.Background()
			assertUnreachable(t, c)
			for range breaker.DefaultFailures {
				_ = c.Ping(ctx).Err()
			}
			if !c.Open() {
				t.Fatal("the breaker did not open")
			}
			if err := c.Get(ctx, "k").Err(); !errors.Is(err, breaker.ErrOpen) {
				t.Fatalf("with the breaker open: %v", err)
			}
		})
	}
}
