package function

import (
	"context"
	"encoding/json"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/redistest"
)

// Redis forgetting (FLUSHALL on a redis-server of the test's own, or one
// key evicted) must not make an answered key create a second order: the
// store's key record answers it.

func forgetful(t *testing.T, store kv.Store, opts ...option) *env {
	t.Helper()
	return newEnv(t, store, append([]option{withRedis(redistest.Own(t))}, opts...)...)
}

// flush empties Redis, as a restart of an in-memory Redis does.
func (e *env) flush() {
	e.t.Helper()
	if err := e.rdb.FlushAll(context.Background()).Err(); err != nil {
		e.t.Fatal(err)
	}
}

// evict drops the Redis record of the user's key alone.
func (e *env) evict(user, key string) {
	e.t.Helper()
	if err := e.rdb.Del(context.Background(), e.p.idem.Key(keyScope(user), key)).Err(); err != nil {
		e.t.Fatal(err)
	}
}

// assertReplay checks that resp is first again, marked as replayed.
func assertReplay(t *testing.T, first, resp handler.Response) {
	t.Helper()
	if resp.StatusCode != first.StatusCode || string(resp.Body) != string(first.Body) ||
		resp.Header.Get(ReplayedHeader) != "true" {
		t.Fatalf("replay: %d %v %s\nwant %d %s", resp.StatusCode, resp.Header, resp.Body, first.StatusCode, first.Body)
	}
}

func TestAnsweredKeyReplaysAfterRedisForgets(t *testing.T) {
	backends.Each(t, func(t *testing.T, store kv.Store) {
		e := forgetful(t, store)
		k, b := key(), body(`"note":"<no onions> & no garlic"`, "noodles:2")
		first := e.call("u-flush", k, b)
		decodePlaced(t, first)
		e.flush()
		assertReplay(t, first, e.call("u-flush", k, b))
		if n, _ := e.rdb.Exists(context.Background(), e.p.idem.Key(keyScope("u-flush"), k)).Result(); n != 1 {
			t.Error("the replay from the store did not seed Redis again")
		}
		assertReplay(t, first, e.call("u-flush", k, b)) // from Redis
		e.flush()
		resp := e.call("u-flush", k, body("", "noodles:3"))
		if resp.StatusCode != 422 || errorOf(t, resp).Code != "idempotency_key_reused" {
			t.Fatalf("another body after the flush: %d %s", resp.StatusCode, resp.Body)
		}
		assertReplay(t, first, e.call("u-flush", k, b))
		if n := e.userOrders("u-flush"); n != 1 {
			t.Fatalf("%d orders, want 1", n)
		}
	})
}

// Repeats racing while Redis is flushed again and again: one order, and
// every 201 is its answer.
func TestRepeatsRacingFlushesMakeOneOrder(t *testing.T) {
	backends.Each(t, func(t *testing.T, store kv.Store) {
		for name, answerFirst := range map[string]bool{"after the first answer": true, "from the start": false} {
			t.Run(name, func(t *testing.T) {
				e := forgetful(t, store, withConfig(noLimits), withConfig(func(c *Config) { c.MaxUnpaid = 0 }))
				user, k, b := "u-"+key(), key(), body("", "shank:1")
				if answerFirst {
					decodePlaced(t, e.call(user, k, b))
				}
				ids, codes := e.racingFlushes(t, 50, func() handler.Response { return e.call(user, k, b) })
				t.Logf("answers %v", codes)
				if len(ids) != 1 || e.userOrders(user) != 1 {
					t.Fatalf("order ids answered %v (answers %v), %d orders stored", ids, codes, e.userOrders(user))
				}
				if got := decodePlaced(t, e.call(user, k, b)); !ids[got.OrderID] {
					t.Fatalf("final replay of %s, raced answers %v", got.OrderID, ids)
				}
			})
		}
	})
}

// racingFlushes makes n calls at once while Redis is flushed over and
// over; it returns the order ids answered 201 and how often each code
// was answered, failing on any answer but 201 and request_in_progress.
func (e *env) racingFlushes(t *testing.T, n int, call func() handler.Response) (map[string]bool, map[string]int) {
	var done atomic.Bool
	var flusher sync.WaitGroup
	flusher.Go(func() {
		for !done.Load() {
			_ = e.rdb.FlushAll(context.Background()).Err()
			time.Sleep(time.Millisecond)
		}
	})
	var mu sync.Mutex
	ids, codes := map[string]bool{}, map[string]int{}
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			resp := call()
			mu.Lock()
			defer mu.Unlock()
			if resp.StatusCode == 201 {
				var p placed
				_ = json.Unmarshal(resp.Body, &p)
				ids[p.OrderID] = true
				codes["201"]++
				return
			}
			code := errorOf(t, resp).Code
			codes[code]++
			if code != "request_in_progress" {
				t.Errorf("answered %d %s", resp.StatusCode, resp.Body)
			}
		})
	}
	wg.Wait()
	done.Store(true)
	flusher.Wait()
	return ids, codes
}

// racingOrders lets another request in just before the first request's
// create, as two requests both get past a Redis that forgot the key.
type racingOrders struct {
	*orderstore.Repository // its slots too: the holds take their units in the store
	armed                  atomic.Bool
	before                 func()
}

func (r *racingOrders) CreateOnce(ctx context.Context, o *order.Order, k orderstore.KeyRecord) (orderstore.KeyRecord, error) {
	if r.armed.CompareAndSwap(true, false) {
		r.before()
	}
	return r.Repository.CreateOnce(ctx, o, k)
}

// The loser of the race releases what it held and answers as the winner:
// a replay of the winner's answer, or 422 when the winner's request was
// another.
func TestLoserOfARaceAfterRedisForgetsAnswersAsTheWinner(t *testing.T) {
	backends.Each(t, func(t *testing.T, store kv.Store) {
		for name, winner := range map[string]string{"same body": body("", "shank:2"), "another body": body("", "shank:3")} {
			t.Run(name, func(t *testing.T) {
				race := &racingOrders{}
				e := newEnv(t, store, func(d *Deps) { race.Repository = d.Orders.(*orderstore.Repository); d.Orders = race })
				user, k := "u-"+key(), key()
				var second handler.Response
				race.before = func() {
					e.evict(user, k)
					second = e.call(user, k, winner)
				}
				held := e.stock(t, "shank") // the store's units, the subtests' alike
				race.armed.Store(true)
				first := e.call(user, k, body("", "shank:2"))
				want := decodePlaced(t, second)
				if name == "same body" {
					assertReplay(t, second, first)
				} else if first.StatusCode != 422 || errorOf(t, first).Code != "idempotency_key_reused" {
					t.Fatalf("loser with another body: %d %s", first.StatusCode, first.Body)
				}
				if n := e.userOrders(user); n != 1 {
					t.Fatalf("%d orders, want only %s", n, want.OrderID)
				}
				var w Request
				_ = json.Unmarshal([]byte(winner), &w)
				if n := e.stock(t, "shank") - held; n != w.Items[0].Qty {
					t.Fatalf("stock held %d, want the winner's %d alone", n, w.Items[0].Qty)
				}
			})
		}
	})
}

func TestKeyOutcomeOfAnotherOrdersRecord(t *testing.T) {
	for state, want := range map[orderstore.KeyState]int{orderstore.KeyAnswered: 201,
		orderstore.KeyWriting: 409, orderstore.KeyAbandoned: 409} {
		k := orderstore.KeyRecord{RequestHash: "h", OrderID: "o", State: state,
			Answer: orderstore.Answer{Status: 201, Body: []byte(`{}`)}}
		out, err := keyOutcome(k, "h")
		resp := answerOf(out, err)
		if resp.StatusCode != want {
			t.Errorf("%s: answered %d %s, want %d", state, resp.StatusCode, resp.Body, want)
		}
		if _, err := keyOutcome(k, "other"); err == nil || failed(context.Background(), err).StatusCode != 422 {
			t.Errorf("%s, another request: %v, want 422", state, err)
		}
	}
}

// answerOf answers out or err as settle does, without Redis.
func answerOf(out Output, err error) handler.Response {
	if err != nil {
		return failed(context.Background(), err)
	}
	return out.response()
}
