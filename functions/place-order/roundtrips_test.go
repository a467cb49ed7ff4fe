package function

import (
	"fmt"
	"net/http"
	"testing"

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

// The Redis round trips of one order, on one server and on the
// three-master cluster, logged for the record (not asserted): a plain
// order, and one with a limited item and a coupon, each of a user who
// ordered before, from a client address (both rate limits apply), with
// the items in the process's cache and every script on every node.
func TestRedisRoundTripsPerOrder(t *testing.T) {
	for _, topo := range []struct {
		name string
		rdb  func(testing.TB) redis.UniversalClient
	}{{"one server", func(t testing.TB) redis.UniversalClient { return redistest.ServerClient(t) }},
		{"cluster", func(t testing.TB) redis.UniversalClient { return redistest.ClusterClient(t) }}} {
		t.Run(topo.name, func(t *testing.T) {
			rdb := topo.rdb(t)
			trips := countTrips(rdb)
			e := newEnv(t, backends.Bolt(t), withRedis(rdb))
			place := func(user, body string) { decodePlaced(t, e.callWith(fromAddress(t, user), body)) }
			for i := range 20 { // orders of other users, in every hold bucket, load the scripts
				place(fmt.Sprintf("u-warm-%d", i), plainOrder)
				place(fmt.Sprintf("u-warm-%d", i), limitedOrder)
			}
			place("u-1", limitedOrder)
			for _, o := range []struct{ name, body string }{
				{"plain order", plainOrder},
				{"limited item + coupon", body(`"coupon_id":"cp-5"`, "shank:1")},
			} {
				trips.reset()
				place("u-1", o.body)
				t.Logf("%s, %s: %d Redis round trips, %d node exchanges",
					topo.name, o.name, trips.calls.n.Load(), trips.exchanges.n.Load())
			}
		})
	}
}

// fromAddress are the headers of a call of the user, under a new key,
// from a client address as the gateway forwards it.
func fromAddress(t testing.TB, user string) http.Header {
	return http.Header{"Authorization": {"Bearer " + token(t, auth.RoleUser, user)}, KeyHeader: {key()},
		"Content-Type": {"application/json"}, "X-Forwarded-For": {"203.0.113.7"}}
}
