package function

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ordercenter/ordercenter/shared/auth"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/redistest"
)

// tripCounter counts Redis round trips: calls (a command or a pipeline
// the function sends and waits for; some run in parallel) and node
// exchanges (a call's visit to one node: on a cluster, a pipeline visits
// every node its keys are on, at once).
type tripCounter struct{ calls, exchanges *commandCounter }

func countTrips(rdb redis.UniversalClient) tripCounter {
	c := tripCounter{calls: &commandCounter{}, exchanges: &commandCounter{}}
	rdb.AddHook(c.calls)
	if cc, ok := rdb.(*redis.ClusterClient); ok {
		cc.OnNewNode(func(node *redis.Client) { node.AddHook(c.exchanges) })
	} else {
		c.exchanges = c.calls
	}
	return c
}

func (c tripCounter) reset() { c.calls.n.Store(0); c.exchanges.n.Store(0) }

// BenchmarkRedisRoundTrips reports the Redis round trips of one order
// (redis-calls/order: commands and pipelines the function waits for,
// some in parallel; node-exchanges/order: their visits to nodes, which
// on a cluster a pipeline makes to every node its keys are on at once),
// on one server and on the three-master cluster: a plain order, and one
// with a limited item and a coupon, each of a user who ordered before,
// from a client address (both rate limits apply), with the items in the
// process's cache and every script on every node.
func BenchmarkRedisRoundTrips(b *testing.B) {
	for _, topo := range []struct {
		name string
		rdb  func(testing.TB) redis.UniversalClient
	}{{"server", func(t testing.TB) redis.UniversalClient { return redistest.ServerClient(t) }},
		{"cluster", func(t testing.TB) redis.UniversalClient { return redistest.ClusterClient(t) }}} {
		for _, o := range []struct{ name, body string }{
			{"plain", plainOrder},
			{"limited+coupon", body(`"coupon_id":"cp-rt"`, "shank:1")},
		} {
			b.Run(topo.name+"/"+o.name, func(b *testing.B) {
				rdb := topo.rdb(b)
				trips := countTrips(rdb)
				e := newEnv(b, backends.Bolt(b), withRedis(rdb), withConfig(func(c *Config) { c.MaxUnpaid = 0 }))
				e.setCatalog(benchCatalog)
				var calls, exchanges, placed int64
				place := func(user, body string) { // from addresses in turn, under the address limit
					placed++
					decodePlaced(b, e.callWith(fromAddress(b, user, fmt.Sprintf("203.0.113.%d", placed%250)), body))
				}
				for i := range 20 { // orders of other users, in every hold bucket, load the scripts
					place(fmt.Sprintf("u-warm-%d", i), plainOrder)
				}
				for i := 0; b.Loop(); i++ {
					user := fmt.Sprintf("u-%d-%d", i, time.Now().UnixNano())
					e.setCatalog(withCouponOf(user))
					place(user, plainOrder) // the user has ordered before
					trips.reset()
					place(user, o.body)
					calls += trips.calls.n.Load()
					exchanges += trips.exchanges.n.Load()
				}
				b.ReportMetric(float64(calls)/float64(b.N), "redis-calls/order")
				b.ReportMetric(float64(exchanges)/float64(b.N), "node-exchanges/order")
			})
		}
	}
}

// withCouponOf is benchCatalog with coupon cp-rt of the user as well.
func withCouponOf(user string) string {
	return strings.Replace(benchCatalog, `"coupons": [`, `"coupons": [{"coupon_id": "cp-rt", "user_id": "`+user+
		`", "value": 500, "min_spend": 0, "expires_at": "2099-12-31T00:00:00Z"},`, 1)
}

// fromAddress are the headers of a call of the user, under a new key,
// from the client address addr as the gateway forwards it.
func fromAddress(t testing.TB, user, addr string) http.Header {
	return http.Header{"Authorization": {"Bearer " + token(t, auth.RoleUser, user)}, KeyHeader: {key()},
		"Content-Type": {"application/json"}, "X-Forwarded-For": {addr}}
}
