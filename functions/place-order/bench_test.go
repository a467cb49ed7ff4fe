package function

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ordercenter/ordercenter/shared/auth"
	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/events/eventstest"
	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/redistest"
)

// BenchmarkPlaceOrder places orders of distinct users concurrently (64
// callers), through the handler: token, validation, limits, idempotency,
// catalog (cached), holds, the order written with every copy on the
// store, order.created published to an embedded NATS server. It reports
// orders/s and the p50/p99 latency of one call. The store is the
// runner's (bbolt, every commit fsync'd) and, with DYNAMODB_ENDPOINT,
// DynamoDB.
func BenchmarkPlaceOrder(b *testing.B) {
	b.Run("bolt", func(b *testing.B) { benchPlace(b, backends.BoltDurable(b), plainOrder) })
	b.Run("dynamodb", func(b *testing.B) { benchPlace(b, backends.DynamoDB(b), plainOrder) })
}

// BenchmarkPlaceOrderRedis is BenchmarkPlaceOrder against one Redis
// server and against the three-master test cluster, in the same run,
// on the embedded store without fsync (so that Redis weighs more): a
// plain order (two unlimited lines) and one of a limited item.
func BenchmarkPlaceOrderRedis(b *testing.B) {
	for _, topo := range []struct {
		name   string
		client func(testing.TB) redis.UniversalClient
	}{{"server", func(t testing.TB) redis.UniversalClient { return redistest.ServerClient(t) }},
		{"cluster", func(t testing.TB) redis.UniversalClient { return redistest.ClusterClient(t) }}} {
		for _, order := range []struct{ name, body string }{{"plain", plainOrder}, {"limited", limitedOrder}} {
			b.Run(topo.name+"/"+order.name, func(b *testing.B) {
				benchPlace(b, backends.Bolt(b), order.body, withRedis(topo.client(b)))
			})
		}
	}
}

// The orders the benchmarks place.
var (
	plainOrder   = body("", "noodles:1", "egg:2")
	limitedOrder = body("", "shank:1")
)

// benchCatalog is testCatalog with a daily limit no benchmark reaches.
var benchCatalog = strings.Replace(testCatalog, `"daily_limit": 100`, `"daily_limit": 10000000`, 1)

func benchPlace(b *testing.B, store kv.Store, order string, opts ...option) {
	srv := eventstest.Start(b)
	pub, err := events.NewPublisher(srv.Connect(), nil)
	if err != nil {
		b.Fatal(err)
	}
	e := newEnv(b, store, append(opts, withConfig(func(c *Config) { noLimits(c); c.MaxUnpaid = 0 }), func(d *Deps) {
		d.Orders = orderstore.New(store, orderstore.Options{Publisher: pub})
	})...)
	e.setCatalog(benchCatalog)
	headers := make([]http.Header, 2000)
	for i := range headers {
		tok, _ := auth.Sign(secret, auth.Principal{Subject: fmt.Sprintf("bench-%d-%d", time.Now().UnixNano(), i),
			Role: auth.RoleUser}, time.Hour, time.Now())
		headers[i] = http.Header{"Authorization": {"Bearer " + tok}, "Content-Type": {"application/json"}}
	}
	var next atomic.Int64
	var mu sync.Mutex
	var lat []time.Duration
	b.SetParallelism(32)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		for pb.Next() {
			n := next.Add(1)
			h := headers[n%int64(len(headers))].Clone()
			h.Set(KeyHeader, fmt.Sprintf("bench-%d", n))
			t0 := time.Now()
			resp := e.callWith(h, order)
			mine = append(mine, time.Since(t0))
			if resp.StatusCode != 201 {
				b.Fatalf("answered %d %s", resp.StatusCode, resp.Body)
			}
		}
		mu.Lock()
		lat = append(lat, mine...)
		mu.Unlock()
	})
	elapsed := time.Since(start)
	slices.Sort(lat)
	b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "orders/s")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}
