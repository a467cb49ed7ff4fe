package main

import (
	"context"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"
)

// The load tool measured against servers whose delays are known. The
// bounds are lower bounds (a slow or busy machine only adds latency),
// with one generous upper bound against a latency that is absurd.

// getSource calls one URL, expecting 200.
type getSource struct {
	url    string
	client *http.Client
}

func (s getSource) next() task {
	c := call{method: http.MethodGet, url: s.url, want: http.StatusOK}
	return task{op: "get", run: func(ctx context.Context) outcome { return c.do(ctx, s.client) }}
}

// openLoop drives rate uniform arrivals a second for length at url.
func openLoop(t *testing.T, url string, rate float64, length time.Duration) *recorder {
	t.Helper()
	client := newHTTPClient(1000, 30*time.Second)
	t.Cleanup(client.CloseIdleConnections)
	e := &engine{profile: constantProfile(rate, length), rng: rand.New(rand.NewPCG(1, 1)), maxInFlight: 1000,
		timeout: 30 * time.Second, source: getSource{url, client}, rec: newRecorder(time.Now())}
	e.run(context.Background())
	if due, got := e.rec.due.Load(), e.rec.ops["get"].latency.TotalCount(); got != due || due < int64(rate*length.Seconds())-1 {
		t.Fatalf("%d arrivals due, %d answered; want about %.0f, all answered", due, got, rate*length.Seconds())
	}
	if f := e.rec.ops["get"].failures; len(f) > 0 {
		t.Fatalf("failures %v", f)
	}
	return e.rec
}

func TestLatencyIsAtLeastTheServersDelay(t *testing.T) {
	const delay = 20 * time.Millisecond
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { time.Sleep(delay) }))
	defer srv.Close()
	h := openLoop(t, srv.URL, 50, 2*time.Second).ops["get"].latency
	p50 := micros(h.ValueAtQuantile(50))
	t.Logf("p50 %v, p99 %v against a delay of %v", p50, micros(h.ValueAtQuantile(99)), delay)
	if p50 < delay || p50 > delay+time.Second {
		t.Fatalf("p50 %v against a server answering in %v: want at least the delay, not a second above it", p50, delay)
	}
	if lowest := micros(h.Min()); lowest < delay {
		t.Fatalf("fastest call %v, below the server's delay %v", lowest, delay)
	}
}

// A server that serves one call at a time in 5 ms (half busy at 100
// arrivals a second) stalls for 2 s a second into the run. The ~200
// arrivals due during the stall queue behind it, and the backlog then
// drains at 100 a second net, so arrival k of the stall waits about
// 2 s - k×5 ms: some 200 calls take 1 s or more, measured from their
// intended send times. (A closed loop, with coordinated omission, would
// record one slow call per worker.)
func TestAStallIsChargedToEveryArrivalItHoldsUp(t *testing.T) {
	var (
		serial  sync.Mutex
		first   time.Time
		stalled bool
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		serial.Lock()
		defer serial.Unlock()
		if first.IsZero() {
			first = time.Now()
		}
		if !stalled && time.Since(first) >= time.Second {
			stalled = true
			time.Sleep(2 * time.Second)
		}
		time.Sleep(5 * time.Millisecond)
	}))
	defer srv.Close()
	h := openLoop(t, srv.URL, 100, 5*time.Second).ops["get"].latency
	slow := countAtLeast(h, time.Second)
	t.Logf("%d of %d calls took 1 s or more (max %v)", slow, h.TotalCount(), micros(h.Max()))
	if slow < 150 {
		t.Fatalf("%d of %d calls took 1 s or more after a 2 s stall at 100 arrivals a second; want at least 150 (max %v)",
			slow, h.TotalCount(), micros(h.Max()))
	}
}

// countAtLeast counts h's values of d or more.
func countAtLeast(h *hdrhistogram.Histogram, d time.Duration) int64 {
	var n int64
	for _, bar := range h.Distribution() {
		if bar.From >= d.Microseconds() {
			n += bar.Count
		}
	}
	return n
}
