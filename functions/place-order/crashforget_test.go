package function

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/ratelimit"
	"github.com/ordercenter/ordercenter/shared/redistest"
)

// A crash after the order and its key are stored, before the answer, then
// a FLUSHALL: the retry answers the stored order, replayed.
func TestCrashAfterTheStoreWriteThenRedisForgets(t *testing.T) {
	backends.Each(t, crashAfterTheStoreWriteThenRedisForgets)
}

func crashAfterTheStoreWriteThenRedisForgets(t *testing.T, s kv.Store) {
	e, orders := crashingEnvOn(t, s, withRedis(redistest.Own(t)))
	k, b := key(), body("", "shank:2")
	orders.crashAfter.Store(true)
	e.callCrashing("u-1", k, b)
	e.flush()
	resp := e.call("u-1", k, b)
	got := decodePlaced(t, resp)
	page, _ := e.repo.ListByUser(context.Background(), "u-1", 10, "")
	if len(page.Orders) != 1 || page.Orders[0].OrderID != got.OrderID || resp.Header.Get(ReplayedHeader) != "true" {
		t.Fatalf("orders %+v; answered %s (%v)", page.Orders, got.OrderID, resp.Header)
	}
	assertReplay(t, resp, e.call("u-1", k, b))
}

// crashingStore hides the transactions of the store it wraps (the
// portable path) and, once told an idempotency key, dies (panics) at the
// write that follows that key's record: the holds' writes before it go
// through.
type crashingStore struct {
	kv.Store
	mu           sync.Mutex
	key          string
	pastKeyWrite bool
}

// crashAfterKey arms the crash for the record of key.
func (c *crashingStore) crashAfterKey(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.key, c.pastKeyWrite = key, false
}

// write dies if the key's record was the last write, else notes whether
// this write is that record.
func (c *crashingStore) write(sk string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.key == "" {
		return
	}
	if c.pastKeyWrite {
		c.key = ""
		panic(crash{})
	}
	c.pastKeyWrite = sk == c.key
}

func (c *crashingStore) Put(ctx context.Context, it kv.Item, cond kv.Condition) error {
	c.write(it.SK)
	return c.Store.Put(ctx, it, cond)
}

func (c *crashingStore) Delete(ctx context.Context, pk, sk string, cond kv.Condition) error {
	c.write(sk)
	return c.Store.Delete(ctx, pk, sk, cond)
}

func (c *crashingStore) WriteBatch(ctx context.Context, puts []kv.Item, dels []kv.Key) error {
	c.write("")
	return c.Store.WriteBatch(ctx, puts, dels)
}

// On the portable path the key record is written first: a crash right
// after it, then a FLUSHALL, leaves a key answered by no order. The
// retry waits while the dead attempt might still run, then creates that
// same order.
func TestCrashAfterTheKeyRecordResumesTheSameOrder(t *testing.T) {
	backends.Each(t, crashAfterTheKeyRecordResumesTheSameOrder)
}

func crashAfterTheKeyRecordResumesTheSameOrder(t *testing.T, s kv.Store) {
	store := &crashingStore{Store: s}
	e := forgetful(t, store)
	k, b := key(), body("", "shank:2")
	store.crashAfterKey(k)
	e.callCrashing("u-1", k, b)
	rec, err := e.repo.LookupKey(context.Background(), "u-1", k)
	if err != nil || rec.State != orderstore.KeyWriting {
		t.Fatalf("key after the crash: %+v, %v", rec, err)
	}
	e.flush()
	if resp := e.call("u-1", k, b); resp.StatusCode != 409 || errorOf(t, resp).Code != "request_in_progress" {
		t.Fatalf("while the dead attempt may run: %d %s", resp.StatusCode, resp.Body)
	}
	e.clock.add(orderstore.DefaultHealAge)
	first := e.call("u-1", k, b)
	if got := decodePlaced(t, first); got.OrderID != rec.OrderID {
		t.Fatalf("resumed as order %s, want %s", got.OrderID, rec.OrderID)
	}
	if n, stock := e.userOrders("u-1"), e.stock(t, "shank"); n != 1 || stock != 2 {
		t.Fatalf("%d orders, %d held; want 1 order holding 2", n, stock)
	}
	e.flush()
	assertReplay(t, first, e.call("u-1", k, b))
}

// A resumed order that is refused frees its key in the store, as any
// refusal frees it: the client may send another request under it.
func TestRefusedResumeFreesTheKey(t *testing.T) {
	backends.Each(t, refusedResumeFreesTheKey)
}

func refusedResumeFreesTheKey(t *testing.T, s kv.Store) {
	store := &crashingStore{Store: s}
	e := forgetful(t, store)
	k := key()
	store.crashAfterKey(k)
	e.callCrashing("u-1", k, body("", "noodles:1"))
	e.flush()
	e.setCatalog(strings.Replace(testCatalog, `"open": true`, `"open": false`, 1)) // s-1 closes
	e.clock.add(orderstore.DefaultHealAge)
	resp := e.call("u-1", k, body("", "noodles:1"))
	if resp.StatusCode != 409 || errorOf(t, resp).Code != "store_closed" {
		t.Fatalf("resumed while the store is closed: %d %s", resp.StatusCode, resp.Body)
	}
	if _, err := e.repo.LookupKey(context.Background(), "u-1", k); err == nil {
		t.Fatal("the refused key is still recorded")
	}
	e.setCatalog(testCatalog) // s-1 opens again: out of the caches with it
	e.flush()
	e.clock.add(DefaultLocalCacheTTL)
	if resp := e.call("u-1", k, body("", "noodles:2")); resp.StatusCode != 201 {
		t.Fatalf("another request under the freed key: %d %s", resp.StatusCode, resp.Body)
	}
}

// A replay creates nothing, so it is answered however limited the user
// is, from Redis and from the store; a new key is still limited, and
// leaves no record that would hold it in progress.
func TestReplayIsAnsweredBeforeTheRateLimits(t *testing.T) {
	backends.Each(t, replayIsAnsweredBeforeTheRateLimits)
}

func replayIsAnsweredBeforeTheRateLimits(t *testing.T, s kv.Store) {
	e := forgetful(t, s, withConfig(func(c *Config) {
		c.PerUser = ratelimit.Limit{Count: 1, Period: time.Minute}
	}))
	k, b := key(), body("", "noodles:1")
	first := e.call("u-1", k, b)
	decodePlaced(t, first)
	k2 := key()
	if resp := e.call("u-1", k2, b); resp.StatusCode != 429 {
		t.Fatalf("a new key past the limit: %d %s", resp.StatusCode, resp.Body)
	}
	if n, _ := e.rdb.Exists(context.Background(), e.p.idem.Key(keyScope("u-1"), k2)).Result(); n != 0 {
		t.Fatal("the limited call left its idempotency record")
	}
	assertReplay(t, first, e.call("u-1", k, b))
	e.flush() // the limit's count goes too: take it again
	if resp := e.call("u-1", key(), b); resp.StatusCode != 201 {
		t.Fatalf("after the flush: %d %s", resp.StatusCode, resp.Body)
	}
	e.evict("u-1", k)
	assertReplay(t, first, e.call("u-1", k, b))
	e.clock.add(time.Minute)
	decodePlaced(t, e.call("u-1", k2, b)) // not request_in_progress
}

// The loser of a race whose winner died between its key record and its
// order answers 409 and gives back what it held; once the winner is
// surely dead, the retry creates the winner's order, not the loser's.
func TestLoserOfARaceWithAnUnwrittenWinnerAnswers409(t *testing.T) {
	backends.Each(t, loserOfARaceWithAnUnwrittenWinnerAnswers409)
}

func loserOfARaceWithAnUnwrittenWinnerAnswers409(t *testing.T, s kv.Store) {
	store := &crashingStore{Store: s}
	race := &racingOrders{}
	e := forgetful(t, store, func(d *Deps) { race.Repository = d.Orders.(*orderstore.Repository); d.Orders = race })
	k, b := key(), body("", "shank:2")
	race.before = func() {
		e.evict("u-1", k)
		store.crashAfterKey(k)
		defer func() { _ = recover() }()
		e.call("u-1", k, b) // writes its key record and dies
	}
	race.armed.Store(true)
	if resp := e.call("u-1", k, b); resp.StatusCode != 409 || errorOf(t, resp).Code != "request_in_progress" {
		t.Fatalf("loser: %d %s", resp.StatusCode, resp.Body)
	}
	rec, err := e.repo.LookupKey(context.Background(), "u-1", k)
	if err != nil {
		t.Fatal(err)
	}
	if n := e.stock(t, "shank"); n != 2 {
		t.Fatalf("stock held %d, want the dead winner's 2 alone", n)
	}
	e.clock.add(orderstore.DefaultHealAge)
	if got := decodePlaced(t, e.call("u-1", k, b)); got.OrderID != rec.OrderID {
		t.Fatalf("retry placed %s, want the winner's %s", got.OrderID, rec.OrderID)
	}
	if n := e.userOrders("u-1"); n != 1 {
		t.Fatalf("%d orders", n)
	}
}
