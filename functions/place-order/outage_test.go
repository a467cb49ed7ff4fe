package function

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/Shopify/toxiproxy/v2"
	"github.com/redis/go-redis/v9"

	"github.com/ordercenter/ordercenter/shared/app"
	"github.com/ordercenter/ordercenter/shared/redisclient"
	"github.com/ordercenter/ordercenter/shared/redistest"
)

// commandCounter counts the commands that get past the breaker to Redis.
type commandCounter struct{ n atomic.Int64 }

func (c *commandCounter) DialHook(next redis.DialHook) redis.DialHook { return next }
func (c *commandCounter) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error { c.n.Add(1); return next(ctx, cmd) }
}
func (c *commandCounter) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error { c.n.Add(1); return next(ctx, cmds) }
}

// hungRedis puts a toxiproxy in front of the real Redis and returns the
// guarded client of it and what counts its commands.
func hungRedis(t *testing.T) (*toxiproxy.Proxy, *redisclient.Client, *commandCounter) {
	t.Helper()
	proxy, url := redistest.Proxy(t)
	rdb, err := redisclient.New(redisclient.Config{URL: url}, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = rdb.Close() })
	counter := &commandCounter{}
	rdb.AddHook(counter)
	return proxy, rdb, counter
}

func addToxic(t *testing.T, proxy *toxiproxy.Proxy, spec string) {
	t.Helper()
	if _, err := proxy.Toxics.AddToxicJson(strings.NewReader(spec)); err != nil {
		t.Fatal(err)
	}
}

// A Redis that hangs (5 s of latency, then a black hole) costs a call at
// most Redis's deadlines, never the function's timeout; once the breaker
// opens, calls answer 503 without touching Redis; health says degraded.
func TestHungRedisAnswers503FastAndOpensTheBreaker(t *testing.T) {
	for _, toxic := range []struct{ name, spec string }{
		{"latency", `{"name":"slow","type":"latency","stream":"downstream","attributes":{"latency":5000}}`},
		{"black hole", `{"name":"hole","type":"timeout","stream":"upstream","attributes":{"timeout":0}}`},
	} {
		t.Run(toxic.name, func(t *testing.T) {
			proxy, rdb, counter := hungRedis(t)
			e := bolt(t, func(d *Deps) { d.Redis = rdb })
			if resp := e.call("u-1", key(), body("", "noodles:1")); resp.StatusCode != 201 {
				t.Fatalf("before: %d %s", resp.StatusCode, resp.Body)
			}
			addToxic(t, proxy, toxic.spec)
			var slowest time.Duration
			for i := range 8 {
				start := time.Now()
				resp := e.call("u-1", key(), body("", "noodles:1"))
				took := time.Since(start)
				slowest = max(slowest, took)
				if resp.StatusCode != 503 || resp.Header.Get("Retry-After") == "" {
					t.Fatalf("call %d: %d %s", i, resp.StatusCode, resp.Body)
				}
				if took >= e.p.cfg.Timeout {
					t.Fatalf("call %d took %s: the function's whole timeout", i, took)
				}
			}
			t.Logf("slowest 503 with Redis %s: %s", toxic.name, slowest)
			if !rdb.Open() {
				t.Fatal("the breaker did not open")
			}
			before := counter.n.Load()
			if resp := e.call("u-1", key(), body("", "noodles:1")); resp.StatusCode != 503 {
				t.Fatalf("with the breaker open: %d", resp.StatusCode)
			}
			if n := counter.n.Load() - before; n != 0 {
				t.Errorf("%d commands reached Redis while the breaker was open", n)
			}
			h := app.New("place-order", app.DefaultConfig(), app.WithRedis(rdb)).Health(context.Background())
			if h.Status != app.StateDegraded || h.Dependencies["redis"].Status != app.StateDown {
				t.Errorf("health %+v", h)
			}
		})
	}
}
