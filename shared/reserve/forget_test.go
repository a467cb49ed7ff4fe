package reserve

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ordercenter/ordercenter/shared/clocktest"
	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/redistest"
)

// storeReserver makes a reserver over a Redis of the test's own (it is
// flushed) and the store.
func storeReserver(t *testing.T, rdb *redis.Client, s kv.Store, c *clocktest.Clock, maxUnpaid int) *Reserver {
	repo := orderstore.New(s, orderstore.Options{Now: c.Now})
	return New(rdb, Config{MaxUnpaid: maxUnpaid, Now: c.Now, Store: repo})
}

// race runs n orders of one unit of a sku limited to limit, each client
// retrying what is not a final answer when retry is set; the client
// whose hold is the k-th answered calls onHold(k). It returns how many
// orders hold the unit.
func race(t *testing.T, r *Reserver, c *clocktest.Clock, n, limit int, retry bool, onHold func(k int32)) int {
	t.Helper()
	var ok atomic.Int32
	var wg sync.WaitGroup
	for i := range n {
		req := request(c, fmt.Sprintf("u-%d", i%26), Line{"hot", 1, limit})
		wg.Go(func() {
			for {
				err := r.Hold(context.Background(), req)
				switch {
				case err == nil:
					onHold(ok.Add(1))
					return
				case errors.Is(err, ErrOutOfStock), !retry:
					return
				}
				time.Sleep(time.Millisecond) // a 503: the client tries again
			}
		})
	}
	wg.Wait()
	return int(ok.Load())
}

// flushes empties Redis when the 5th, 15th, 25th... hold is answered,
// while the others keep racing.
func flushes(t *testing.T, rdb *redis.Client, times int) func(int32) {
	return func(k int32) {
		if k%10 == 5 && k/10 < int32(times) {
			if err := rdb.FlushAll(context.Background()).Err(); err != nil {
				t.Error(err)
			}
		}
	}
}

func TestFlushAllNeverOversells(t *testing.T) {
	for _, tc := range []struct {
		name    string
		retry   bool
		flushes int
	}{{"once", false, 1}, {"once, clients retry", true, 1}, {"repeated, clients retry", true, 3}} {
		eachStore(t, tc.name, func(t *testing.T, s kv.Store) {
			rdb, c := redistest.Own(t), clocktest.New(time.Now())
			r := storeReserver(t, rdb, s, c, 0)
			got := race(t, r, c, 300, 50, tc.retry, flushes(t, rdb, tc.flushes))
			if n := held(t, r, "hot"); n != got {
				t.Fatalf("%d holds answered, %d units held in the store", got, n)
			}
			if got > 50 || (tc.retry && got != 50) {
				t.Fatalf("%d orders hold the item, limit 50", got)
			}
		})
	}
}

// eachStore runs fn in a subtest per backend, each with a fresh store.
func eachStore(t *testing.T, name string, fn func(t *testing.T, s kv.Store)) {
	t.Run(name, func(t *testing.T) { backends.Each(t, fn) })
}
