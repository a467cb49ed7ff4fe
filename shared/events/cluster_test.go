package events_test

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/ordercenter/ordercenter/shared/app"
	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/events/eventstest"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/natsconn"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/secrets"
)

// The size of the run: orders placed, by how many placers at once, and
// after how many the stream's leader is stopped.
const (
	clusterOrders  = 1000
	clusterPlacers = 8
	clusterStopAt  = 300
	// clusterWait bounds each wait of the test (generous: elections take
	// seconds, more on a loaded machine).
	clusterWait = 60 * time.Second
)

// On three servers with R3 streams and fsync on every write (as the deploy
// manifests configure them), the stream's leader is stopped while
// 1,000 orders are placed through the order center's own path (app.Deps:
// the repository and its publisher, connected by natsconn to NATS_URL
// naming the three). Every event the orders' timelines hold reaches the
// consumer and is acknowledged, the stream holds each once, each takes
// effect once however often it is delivered, and the stopped server,
// started again on its store, catches up with the stream.
func TestClusterLosesAServerWhileOrdersArePlaced(t *testing.T) {
	if testing.Short() {
		t.Skip("a cluster of three servers and 1,000 orders: not in -short")
	}
	lap := laps(time.Now())
	cluster := eventstest.StartCluster(t, 3, eventstest.SyncAlways) // as deployed
	repo := clusterRepository(t, cluster.URL())
	ledger := newEffectLedger()
	js := runClusterConsumer(t, cluster.URL(), repo, ledger)

	up := lap()
	victim := placeOrdersStoppingTheLeader(t, cluster, js, repo)
	placed := lap()
	expected := committedEvents(t, repo, victim.orders)
	healed := healAll(t, repo)
	ledger.waitFor(t, expected)
	eventstest.Settled(t, js, "cluster-check", clusterWait)
	delivered := lap()
	ledger.check(t, expected)
	checkStreamHoldsEachOnce(t, js, len(expected))

	victim.node.Restart()
	want := streamInfo(t, js).State
	waitCaughtUp(t, victim.node, want)
	caughtUp := lap()
	t.Logf("%d orders, %d events; stopped %s after %d orders; %d changes left to the healer; %d redeliveries; stream last seq %d; "+
		"cluster up %s, placed %s, all delivered %s, caught up %s", len(victim.orders), len(expected), victim.node.Name(),
		clusterStopAt, healed, ledger.redeliveries(), want.LastSeq, up, placed, delivered, caughtUp)
}

// laps returns a stopwatch whose every call says how long since the
// last (the first: since start).
func laps(start time.Time) func() time.Duration {
	last := start
	return func() time.Duration {
		now := time.Now()
		d := now.Sub(last).Round(time.Millisecond)
		last = now
		return d
	}
}

// clusterRepository is the order repository app.Deps builds for a
// function, over an embedded store, publishing to NATS_URL url.
func clusterRepository(t *testing.T, url string) *orderstore.Repository {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, secrets.EventSigningSecret), []byte("cluster-test-event-key-0123456789abcdef\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := app.DefaultConfig()
	cfg.NATSURL, cfg.SecretsDir = url, dir
	deps := app.New("cluster-test", cfg, app.WithStore(backends.Bolt(t)), app.WithLogger(slog.New(slog.DiscardHandler)))
	t.Cleanup(func() { _ = deps.Close() })
	repo, err := deps.Orders()
	if err != nil {
		t.Fatal(err)
	}
	return repo
}

// runClusterConsumer runs the events consumer loop over its own
// connection until the test ends: each event checked against the order's
// record (Claims), then handed to the ledger.
func runClusterConsumer(t *testing.T, url string, repo *orderstore.Repository, ledger *effectLedger) jetstream.JetStream {
	t.Helper()
	log := slog.New(slog.DiscardHandler)
	nc, err := natsconn.Connect(natsconn.Config{URL: url, Name: "cluster-check", Log: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	claims := events.NewClaims("cluster-check", repo, log)
	handle := func(ctx context.Context, msg jetstream.Msg) error {
		ev, err := order.DecodeEvent(msg.Data(), msg.Subject())
		if err != nil {
			return events.Permanent(err)
		}
		if err := claims.Check(ctx, ev); err != nil {
			return err
		}
		ledger.apply(ev.EventID)
		return nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	spec := events.ConsumerSpec{Name: "cluster-check", AckWait: 5 * time.Second, InFlight: 8,
		BackOff: []time.Duration{100 * time.Millisecond, 500 * time.Millisecond, time.Second}, MaxDeliver: 1000}
	c, err := events.NewConsumer(ctx, js, spec, handle, log)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Go(func() { _ = c.Run(ctx) })
	t.Cleanup(func() { cancel(); wg.Wait() })
	return js
}

// stopped is the server stopped during the run, and the orders placed.
type stopped struct {
	node   *eventstest.Server
	orders []string
}

// placeOrdersStoppingTheLeader places clusterOrders orders,
// clusterPlacers at once, and stops the events stream's leader once
// clusterStopAt are placed.
func placeOrdersStoppingTheLeader(t *testing.T, cluster *eventstest.Cluster, js jetstream.JetStream, repo *orderstore.Repository) stopped {
	t.Helper()
	var placed atomic.Int64
	ids := make(chan string, clusterOrders)
	next := make(chan struct{}, clusterOrders)
	for range clusterOrders {
		next <- struct{}{}
	}
	close(next)
	var wg sync.WaitGroup
	for range clusterPlacers {
		wg.Go(func() {
			for range next {
				rec, err := repo.Create(context.Background(), newOrder(t, "u-cluster"))
				if err != nil {
					t.Errorf("place an order: %v", err)
					return
				}
				ids <- rec.OrderID
				placed.Add(1)
			}
		})
	}
	for placed.Load() < clusterStopAt {
		time.Sleep(time.Millisecond)
	}
	victim := cluster.Node(streamLeader(t, js))
	victim.Stop()
	wg.Wait()
	close(ids)
	s := stopped{node: victim}
	for id := range ids {
		s.orders = append(s.orders, id)
	}
	if len(s.orders) != clusterOrders {
		t.Fatalf("%d orders placed, want %d", len(s.orders), clusterOrders)
	}
	return s
}

// streamLeader is the server name of the events stream's leader.
func streamLeader(t *testing.T, js jetstream.JetStream) string {
	t.Helper()
	info := streamInfo(t, js)
	if info.Cluster == nil || info.Cluster.Leader == "" || info.Config.Replicas != 3 {
		t.Fatalf("stream %s: cluster %+v, replicas %d; want a leader and 3 replicas", events.Stream, info.Cluster, info.Config.Replicas)
	}
	return info.Cluster.Leader
}

// committedEvents are the ids of the events the orders' timelines hold:
// every event the order center committed.
func committedEvents(t *testing.T, repo *orderstore.Repository, orders []string) map[string]bool {
	t.Helper()
	ids := map[string]bool{}
	for _, id := range orders {
		changes, err := repo.Timeline(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range changes {
			for _, e := range c.Events {
				ids[e.EventID] = true
			}
		}
	}
	return ids
}

// healAll publishes again what the repository could not publish while
// the stream had no leader (the sweeper's work, run now instead of after
// DefaultHealAge), until nothing is left; it returns how many changes
// the first pass found left behind.
func healAll(t *testing.T, repo *orderstore.Repository) int {
	t.Helper()
	left := -1
	for deadline := time.Now().Add(clusterWait); ; time.Sleep(100 * time.Millisecond) {
		report, err := repo.Heal(context.Background(), time.Nanosecond)
		if left < 0 {
			left = report.Finished
		}
		if err == nil && report.Finished == 0 && report.Waiting == 0 {
			return left
		}
		if time.Now().After(deadline) {
			t.Fatalf("healing not done: %+v %v", report, err)
		}
	}
}
