package function

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/order/orderstore/orderstoretest"
	"github.com/ordercenter/ordercenter/shared/push"
	"github.com/ordercenter/ordercenter/shared/ratelimit"
	"github.com/ordercenter/ordercenter/shared/redistest"
)

// benchNotifier is a Notifier over the test Redis, the embedded store
// and a gateway that takes every push, without rate limits; it returns
// the repository too, where the events' orders are to be stored.
func benchNotifier(b *testing.B) (*Notifier, *orderstore.Repository) {
	gw := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusAccepted)
	}))
	b.Cleanup(gw.Close)
	client, err := push.NewClient(push.Config{URL: gw.URL})
	if err != nil {
		b.Fatal(err)
	}
	repo := orderstore.New(backends.Bolt(b), orderstore.Options{})
	cfg := DefaultConfig()
	cfg.KeyPrefix, cfg.RateLimit, cfg.MerchantRateLimit = redistest.Prefix(b), ratelimit.Limit{}, ratelimit.Limit{}
	n, err := New(Deps{Push: client, Redis: redistest.Client(b), Orders: repo, Config: cfg})
	if err != nil {
		b.Fatal(err)
	}
	return n, repo
}

// paidEvents stores count new paid orders, each of its own user, and
// returns their order.paid events (two pushes each).
func paidEvents(b *testing.B, repo *orderstore.Repository, count int) []order.Event {
	b.Helper()
	ctx, now := context.Background(), time.Now()
	evs := make([]order.Event, count)
	for i := range evs {
		id := order.NewID(now)
		if _, err := repo.Create(ctx, draft(b, id, fmt.Sprintf("u-%d", i), "s-1", now)); err != nil {
			b.Fatal(err)
		}
		rec := orderstoretest.Drive(b, repo, id, order.StatusPaid, "r-1", now)
		changes, err := repo.Timeline(ctx, id)
		if err != nil || int64(len(changes)) != rec.Version {
			b.Fatalf("timeline of %s: %v", id, err)
		}
		evs[i] = changes[rec.Version-1].Events[0]
	}
	return evs
}

// BenchmarkNotify handles new order.paid events one after another, each
// checked against its order in the store.
func BenchmarkNotify(b *testing.B) {
	n, repo := benchNotifier(b)
	evs := paidEvents(b, repo, b.N)
	b.ResetTimer()
	for _, e := range evs {
		if err := n.Notify(context.Background(), e); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(2*b.N)/b.Elapsed().Seconds(), "pushes/s")
}

// BenchmarkNotifyParallel handles new events from many goroutines.
func BenchmarkNotifyParallel(b *testing.B) {
	n, repo := benchNotifier(b)
	evs := paidEvents(b, repo, b.N)
	var seq atomic.Int64
	b.SetParallelism(4)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := n.Notify(context.Background(), evs[seq.Add(1)-1]); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(2*seq.Load())/b.Elapsed().Seconds(), "pushes/s")
}

// BenchmarkNotifyRedelivered handles an event already done: the cost of
// a duplicate.
func BenchmarkNotifyRedelivered(b *testing.B) {
	n, repo := benchNotifier(b)
	e := paidEvents(b, repo, 1)[0]
	if err := n.Notify(context.Background(), e); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := n.Notify(context.Background(), e); err != nil {
			b.Fatal(err)
		}
	}
}
