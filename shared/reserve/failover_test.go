package reserve

import (
	"context"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ordercenter/ordercenter/shared/clocktest"
	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/redistest"
)

// snapshot is a Redis's whole state at one moment: each key's DUMP and
// time to live.
type snapshot map[string]struct {
	dump string
	ttl  time.Duration
}

// takeSnapshot copies every key (the test's Redis holds only this test's).
func takeSnapshot(t *testing.T, rdb *redis.Client) snapshot {
	t.Helper()
	ctx, snap := context.Background(), snapshot{}
	keys, err := rdb.Keys(ctx, "*").Result()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		d, err := rdb.Dump(ctx, k).Result()
		ttl, _ := rdb.PTTL(ctx, k).Result()
		if err != nil {
			t.Fatal(err)
		}
		snap[k] = struct {
			dump string
			ttl  time.Duration
		}{d, max(ttl, 0)}
	}
	return snap
}

// promote makes rdb what a replica that last synced at the snapshot would
// be once promoted: every key, marker and hold as it was then, every
// write since lost.
func (s snapshot) promote(t *testing.T, rdb *redis.Client) {
	t.Helper()
	ctx := context.Background()
	if err := rdb.FlushAll(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	for k, v := range s {
		if err := rdb.Restore(ctx, k, v.ttl, v.dump).Err(); err != nil {
			t.Fatal(err)
		}
	}
}

// A replica promoted without the last writes both forgets units taken
// since (Redis would hand them out again) and remembers units given back
// since (Redis would refuse them): the store decides both ways, so the
// item sells exactly its limit.
func TestFailoverToAnOlderReplica(t *testing.T) {
	eachStore(t, "older replica", func(t *testing.T, s kv.Store) {
		rdb, c := redistest.Own(t), clocktest.New(time.Now())
		r := storeReserver(t, rdb, s, c, 0)
		ctx := context.Background()
		var first []Request
		for range 50 {
			req := request(c, "u-1", Line{"hot", 1, 50})
			if err := r.Hold(ctx, req); err != nil {
				t.Fatal(err)
			}
			first = append(first, req)
		}
		snap := takeSnapshot(t, rdb) // the replica's last sync: sold out
		for _, req := range first[:20] {
			if _, err := r.Release(ctx, req.OrderID, true); err != nil {
				t.Fatal(err)
			}
		}
		for range 5 {
			if err := r.Hold(ctx, request(c, "u-2", Line{"hot", 1, 50})); err != nil {
				t.Fatal(err)
			}
		}
		snap.promote(t, rdb) // Redis: 50 held; the store: 35
		if got := held(t, r, "hot"); got != 35 || counter(t, r, "hot") != 50 {
			t.Fatalf("after the failover: store %d, Redis %d", got, counter(t, r, "hot"))
		}
		won := race(t, r, c, 300, 50, true, func(int32) {})
		if won != 15 || held(t, r, "hot") != 50 {
			t.Fatalf("%d more sold, %d held, want 15 and 50", won, held(t, r, "hot"))
		}
	})
}
