package reserve

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ordercenter/ordercenter/shared/clocktest"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/redistest"
)

// masters are the cluster's masters, each a client of its own.
func masters(t *testing.T, cc *redis.ClusterClient) []*redis.Client {
	t.Helper()
	var mu sync.Mutex
	var out []*redis.Client
	err := cc.ForEachMaster(context.Background(), func(_ context.Context, c *redis.Client) error {
		mu.Lock()
		defer mu.Unlock()
		out = append(out, c)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// forgetsShards empties one master of the cluster (as a failover to an
// empty replica would) when the k-th hold is answered, for each k of at,
// another master each time, while the others keep racing: the parts of
// one hold are then lost in some slots and kept in others.
func forgetsShards(t *testing.T, nodes []*redis.Client, at ...int32) func(int32) {
	return func(k int32) {
		for i, a := range at {
			if k == a {
				if err := nodes[i%len(nodes)].FlushAll(context.Background()).Err(); err != nil {
					t.Error(err)
				}
			}
		}
	}
}

// On a cluster whose masters forget one at a time, the item sells its
// limit exactly, the unpaid cap holds, and the store holds what was
// answered.
func TestClusterShardsForgetNeverOversell(t *testing.T) {
	cc, c := redistest.OwnCluster(t), clocktest.New(time.Now())
	nodes := masters(t, cc)
	r := storeReserver(t, cc, backends.Bolt(t), c, 0)
	if got := race(t, r, c, 300, 50, true, forgetsShards(t, nodes, 5, 15, 25)); got != 50 || held(t, r, "hot") != 50 {
		t.Fatalf("%d orders hold the item, %d units held in the store, limit 50", got, held(t, r, "hot"))
	}
	r = storeReserver(t, cc, backends.Bolt(t), c, 5)
	if got := raceUnpaid(t, r, c, 60, true, forgetsShards(t, nodes, 2, 3, 4)); got != 5 || unpaidHeld(t, r, "u-1") != 5 {
		t.Fatalf("%d unpaid orders held, %d slots in the store, cap 5", got, unpaidHeld(t, r, "u-1"))
	}
}
