package guard

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/breaker"
	"github.com/ordercenter/ordercenter/shared/redistest"
)

func TestBreakerOpensAndProbes(t *testing.T) {
	const openFor = 50 * time.Millisecond
	d := &Dependency{Name: "dep", Timeout: time.Second,
		Breaker: breaker.New("dep", breaker.Config{Failures: 2, OpenFor: openFor})}
	boom := errors.New("boom")
	fail := func(context.Context) (int, error) { return 0, boom }
	ok := func(context.Context) (int, error) { return 1, nil }
	ctx := context.Background()
	for range 2 {
		if _, err := Do(ctx, d, fail); !errors.Is(err, boom) {
			t.Fatalf("got %v, want boom", err)
		}
	}
	if _, err := Do(ctx, d, ok); !errors.Is(err, breaker.ErrOpen) || RetryAfter(err, 0) != minRetryAfter {
		t.Fatalf("open breaker let a call through: %v", err)
	}
	time.Sleep(openFor + 10*time.Millisecond)
	if _, err := Do(ctx, d, fail); !errors.Is(err, boom) {
		t.Fatalf("probe: %v", err)
	}
	if !d.Breaker.Open() {
		t.Fatal("a failed probe must open the breaker again")
	}
	time.Sleep(openFor + 10*time.Millisecond)
	if v, err := Do(ctx, d, ok); err != nil || v != 1 {
		t.Fatalf("probe: %v", err)
	}
	if d.Breaker.Open() {
		t.Fatal("a good probe must close the breaker")
	}
}

func TestFailureDecidesWhatCounts(t *testing.T) {
	notFound := errors.New("not found")
	d := NewDependency("dep", time.Second, breaker.Config{Failures: 1})
	d.Failure = func(err error) bool { return !errors.Is(err, notFound) }
	for range 3 {
		_, _ = Do(context.Background(), d, func(context.Context) (int, error) { return 0, notFound })
	}
	if d.Breaker.Open() {
		t.Fatal("answers that are not failures opened the breaker")
	}
}

func TestDoSetsTheDeadline(t *testing.T) {
	d := NewDependency("slow", 20*time.Millisecond, breaker.Config{})
	start := time.Now()
	_, err := Do(context.Background(), d, func(ctx context.Context) (int, error) {
		<-ctx.Done()
		return 0, ctx.Err()
	})
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > time.Second {
		t.Fatalf("got %v after %s", err, time.Since(start))
	}
}

func TestGroupCollapsesLoads(t *testing.T) {
	var g Group
	var calls atomic.Int32
	release := make(chan struct{})
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			v, err := g.Load(context.Background(), "k", func(context.Context) (any, error) {
				calls.Add(1)
				<-release
				return 7, nil
			})
			if err != nil || v != 7 {
				t.Errorf("got %v, %v", v, err)
			}
		})
	}
	time.Sleep(20 * time.Millisecond)
	close(release)
	wg.Wait()
	if calls.Load() != 1 {
		t.Errorf("%d loads, want 1", calls.Load())
	}
}

func TestCacheRoundTrip(t *testing.T) {
	rdb := redistest.Client(t)
	ctx := context.Background()
	c := NewCache(rdb, CacheConfig{Prefix: redistest.Prefix(t), TTL: time.Minute, LocalTTL: -1})
	if err := c.SetMany(ctx, map[string][]byte{"a": []byte("1"), "b": []byte("2")}); err != nil {
		t.Fatal(err)
	}
	got, err := c.GetMany(ctx, []string{"a", "b", "c"})
	if err != nil || string(got["a"]) != "1" || string(got["b"]) != "2" || len(got) != 2 {
		t.Fatalf("got %q, %v", got, err)
	}
	other := NewCache(rdb, CacheConfig{Prefix: redistest.Prefix(t) + "x", TTL: time.Minute})
	if got, _ := other.GetMany(ctx, []string{"a"}); len(got) != 0 {
		t.Fatalf("prefixes must keep caches apart: %q", got)
	}
}

func TestGroupWaiterLeavesOnItsOwnContext(t *testing.T) {
	var g Group
	release := make(chan struct{})
	defer close(release)
	started := make(chan struct{})
	go func() {
		_, _ = g.Load(context.Background(), "k", func(context.Context) (any, error) {
			close(started)
			<-release
			return 1, nil
		})
	}()
	<-started
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := g.Load(ctx, "k", func(context.Context) (any, error) { return 2, nil }); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("waiter: %v", err)
	}
}
