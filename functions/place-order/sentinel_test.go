package function

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/redisclient"
	"github.com/ordercenter/ordercenter/shared/redistest"
	"github.com/ordercenter/ordercenter/shared/secrets/secretstest"
)

// sentinelRedis is the functions' client of the Sentinel group g, built
// as a deployment builds it: from the secret files.
func sentinelRedis(t *testing.T, g *redistest.SentinelGroup) *redisclient.Client {
	t.Helper()
	dir := secretstest.Dir(t, map[string]string{"redis-password": g.Password, "redis-sentinel-password": g.SentinelPassword})
	rdb, err := redisclient.New(redisclient.Config{SentinelAddrs: g.Addrs, SentinelMaster: g.Master}, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = rdb.Close() })
	return rdb
}

// racer is one client of the race: its user, its key, and how it ended.
type racer struct {
	user, key string
	final     handler.Response
	retries   int
}

// place calls until a final answer, retrying the same key after a 503
// or while the key is in progress, as a client does.
func (e *env) place(r *racer, deadline time.Time) {
	for {
		resp := e.call(r.user, r.key, body("", "shank:1"))
		retry := resp.StatusCode == http.StatusServiceUnavailable ||
			(resp.StatusCode == http.StatusConflict && errorOf(e.t, resp).Code == "request_in_progress")
		if !retry || time.Now().After(deadline) {
			r.final = resp
			return
		}
		r.retries++
		time.Sleep(20 * time.Millisecond)
	}
}

// 200 orders race for a daily limit of 50 on a Sentinel-watched Redis.
// After the first 20 answers the replica stops replicating (as a lagging
// one does), 20 answers later the primary is killed (SIGKILL). Every client
// retries its key after a 503, every tenth sends its key twice at once,
// and every fifth asks again once answered. Sentinel promotes the
// replica, which lacks the holds and idempotency records of the answers
// since the stall, and the store decides: at most 50 units are sold, and
// no key makes two orders.
func TestSentinelFailoverDuringARaceOversellsNothing(t *testing.T) {
	redistest.OwnServersOnly(t)
	backends.Each(t, func(t *testing.T, store kv.Store) {
		const racers, limit, stallAfter, killAfter = 200, 50, 20, 40
		g := redistest.Sentinel(t)
		e := newEnv(t, store, withConfig(noLimits), withConfig(func(c *Config) { c.MaxUnpaid = 0 }),
			func(d *Deps) { d.Redis, d.Logger = sentinelRedis(t, g), slog.New(slog.DiscardHandler) })
		e.setCatalog(strings.Replace(testCatalog, `"daily_limit": 100`, fmt.Sprintf(`"daily_limit": %d`, limit), 1))

		var answered atomic.Int32
		deadline := time.Now().Add(40 * time.Second)
		all := make([]*racer, 0, racers+racers/10)
		var wg sync.WaitGroup
		sem := make(chan struct{}, 50)
		for i := range racers {
			r := &racer{user: fmt.Sprintf("fo-%d", i), key: key()}
			clients := []*racer{r}
			if i%10 == 0 { // the same key twice at once
				clients = append(clients, &racer{user: r.user, key: r.key})
			}
			all = append(all, clients...)
			for _, c := range clients {
				wg.Go(func() {
					sem <- struct{}{}
					defer func() { <-sem }()
					e.place(c, deadline)
					answered.Add(1)
				})
			}
		}
		waitAnswers(&answered, stallAfter)
		g.StallReplica(t)
		waitAnswers(&answered, answered.Load()+killAfter-stallAfter)
		start, old := time.Now(), g.KillPrimary(t)
		primary := g.WaitFailover(t, old)
		t.Logf("primary %s killed; Sentinel promoted %s after %s", old, primary, time.Since(start).Round(time.Millisecond))
		wg.Wait()
		e.assertNoOversellNoDoubleOrder(t, all, limit)
	})
}

// waitAnswers waits until n clients have their final answer.
func waitAnswers(answered *atomic.Int32, n int32) {
	for answered.Load() < n {
		time.Sleep(time.Millisecond)
	}
}

// assertNoOversellNoDoubleOrder checks the race's outcome in the store:
// at most limit units held and sold, every answer final, every key at
// most one order, a second ask of a key answered as the first.
func (e *env) assertNoOversellNoDoubleOrder(t *testing.T, all []*racer, limit int) {
	t.Helper()
	codes, retries := map[string]int{}, 0
	created := map[string]string{} // user -> order id answered
	for i, r := range all {
		retries += r.retries
		if r.final.StatusCode != http.StatusCreated {
			codes[errorOf(t, r.final).Code]++
			continue
		}
		codes["created"]++
		var p placed
		_ = json.Unmarshal(r.final.Body, &p)
		if id, ok := created[r.user]; ok && id != p.OrderID {
			t.Errorf("key of %s answered two orders: %s and %s", r.user, id, p.OrderID)
		}
		created[r.user] = p.OrderID
		if i%5 == 0 {
			if again := decodePlaced(t, e.call(r.user, r.key, body("", "shank:1"))); again.OrderID != p.OrderID {
				t.Errorf("asked again, %s's key answered %s, first %s", r.user, again.OrderID, p.OrderID)
			}
		}
	}
	sold, users := 0, map[string]bool{}
	for _, r := range all {
		if users[r.user] {
			continue
		}
		users[r.user] = true
		n := e.userOrders(r.user)
		if n > 1 {
			t.Errorf("%s has %d orders from one key", r.user, n)
		}
		sold += n
	}
	held := e.stock(t, "shank")
	t.Logf("answers %v after %d retries; %d orders in the store, %d units held", codes, retries, sold, held)
	if sold > limit || held > limit || len(created) > limit {
		t.Fatalf("oversold: %d orders, %d units held, %d created answers, limit %d", sold, held, len(created), limit)
	}
	if sold != len(created) {
		t.Errorf("%d orders in the store, %d answered 201", sold, len(created))
	}
	for code := range codes {
		if code != "created" && code != "out_of_stock" {
			t.Errorf("a final answer %q: every client should end created or out of stock (answers %v)", code, codes)
		}
	}
}
