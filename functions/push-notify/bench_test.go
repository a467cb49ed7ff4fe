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

	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/push"
	"github.com/ordercenter/ordercenter/shared/ratelimit"
	"github.com/ordercenter/ordercenter/shared/redistest"
)

// benchNotifier is a Notifier over the test Redis and a gateway that
// takes every push, without a rate limit.
func benchNotifier(b *testing.B) *Notifier {
	gw := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusAccepted)
	}))
	b.Cleanup(gw.Close)
	client, err := push.NewClient(push.Config{URL: gw.URL})
	if err != nil {
		b.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.KeyPrefix, cfg.RateLimit = redistest.Prefix(b), ratelimit.Limit{}
	n, err := New(Deps{Push: client, Redis: redistest.Client(b), Config: cfg})
	if err != nil {
		b.Fatal(err)
	}
	return n
}

// paidEvent is the i-th order.paid of the run: two pushes.
func paidEvent(run string, i int64) order.Event {
	e := event(order.EventPaid, fmt.Sprintf("%s-%d", run, i), 2, order.PaidData{Amount: 2550})
	e.UserID = fmt.Sprintf("u-%d", i)
	return e
}

// BenchmarkNotify handles new order.paid events one after another.
func BenchmarkNotify(b *testing.B) {
	n := benchNotifier(b)
	run := fmt.Sprint(time.Now().UnixNano())
	var i int64
	for b.Loop() {
		if err := n.Notify(context.Background(), paidEvent(run, i)); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(2*i)/b.Elapsed().Seconds(), "pushes/s")
}

// BenchmarkNotifyParallel handles new events from many goroutines.
func BenchmarkNotifyParallel(b *testing.B) {
	n := benchNotifier(b)
	run := fmt.Sprint(time.Now().UnixNano())
	var seq atomic.Int64
	b.SetParallelism(4)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := n.Notify(context.Background(), paidEvent(run, seq.Add(1))); err != nil {
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
	n := benchNotifier(b)
	e := paidEvent(fmt.Sprint(time.Now().UnixNano()), 0)
	if err := n.Notify(context.Background(), e); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := n.Notify(context.Background(), e); err != nil {
			b.Fatal(err)
		}
	}
}
