package idempotency

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ordercenter/ordercenter/shared/clocktest"
	"github.com/ordercenter/ordercenter/shared/redistest"
)

func TestLifecycle(t *testing.T) {
	redistest.Each(t, func(t *testing.T, rdb redis.UniversalClient) {
		c := clocktest.New(time.Now())
		s := New(rdb, Config{Prefix: redistest.Prefix(t), Lease: 10 * time.Second, Now: c.Now})
		ctx := context.Background()
		first, err := s.Begin(ctx, "u-1", "k1", "h1", "order-1")
		if err != nil || first.Outcome != Started || first.Token != "order-1" {
			t.Fatalf("first: %+v, %v", first, err)
		}
		if a, _ := s.Begin(ctx, "u-1", "k1", "h1", "order-2"); a.Outcome != InProgress {
			t.Fatalf("while running: %+v", a)
		}
		if a, _ := s.Begin(ctx, "u-1", "k1", "h2", "order-2"); a.Outcome != Reused {
			t.Fatalf("other body: %+v", a)
		}
		if a, _ := s.Begin(ctx, "u-2", "k1", "h2", "order-3"); a.Outcome != Started {
			t.Fatalf("keys are per scope: %+v", a)
		}
		if err := s.Complete(ctx, first, Response{Status: 201, Body: []byte(`{"x":1}`)}); err != nil {
			t.Fatal(err)
		}
		a, _ := s.Begin(ctx, "u-1", "k1", "h1", "order-9")
		if a.Outcome != Replay || a.Response.Status != 201 || string(a.Response.Body) != `{"x":1}` {
			t.Fatalf("after completion: %+v", a)
		}
		if a, _ := s.Begin(ctx, "u-1", "k1", "h2", "order-9"); a.Outcome != Reused {
			t.Fatalf("other body after completion: %+v", a)
		}
		if ttl := rdb.PTTL(ctx, first.Key).Val(); ttl < 24*time.Hour {
			t.Fatalf("kept for %s, want at least 24h", ttl)
		}
	})
}

func TestCrashedAttemptIsResumedWithItsToken(t *testing.T) {
	redistest.Each(t, func(t *testing.T, rdb redis.UniversalClient) {
		c := clocktest.New(time.Now())
		s := New(rdb, Config{Prefix: redistest.Prefix(t), Lease: 10 * time.Second, Now: c.Now})
		ctx := context.Background()
		first, _ := s.Begin(ctx, "u-1", "k", "h", "order-1")
		c.Advance(11 * time.Second) // the first attempt died without an answer
		a, err := s.Begin(ctx, "u-1", "k", "h", "order-2")
		if err != nil || a.Outcome != Resumed || a.Token != "order-1" {
			t.Fatalf("resume: %+v, %v", a, err)
		}
		if err := s.Forget(ctx, first); err != nil {
			t.Fatal(err)
		}
		if b, _ := s.Begin(ctx, "u-1", "k", "h", "order-3"); b.Outcome != InProgress {
			t.Fatalf("the dead attempt's Forget removed the live one's record: %+v", b)
		}
		if err := s.Abandon(ctx, a); err != nil {
			t.Fatal(err)
		}
		if b, _ := s.Begin(ctx, "u-1", "k", "h", "order-3"); b.Outcome != Resumed || b.Token != "order-1" {
			t.Fatalf("after abandon: %+v", b)
		}
	})
}

func TestForgetFreesTheKey(t *testing.T) {
	redistest.Each(t, func(t *testing.T, rdb redis.UniversalClient) {
		s := New(rdb, Config{Prefix: redistest.Prefix(t)})
		ctx := context.Background()
		a, _ := s.Begin(ctx, "u-1", "k", "h", "order-1")
		if err := s.Forget(ctx, a); err != nil {
			t.Fatal(err)
		}
		if b, _ := s.Begin(ctx, "u-1", "k", "other", "order-2"); b.Outcome != Started || b.Token != "order-2" {
			t.Fatalf("after forget: %+v", b)
		}
	})
}

func TestOneWinnerUnderRace(t *testing.T) {
	redistest.Each(t, func(t *testing.T, rdb redis.UniversalClient) {
		s := New(rdb, Config{Prefix: redistest.Prefix(t)})
		var mu sync.Mutex
		counts := map[Outcome]int{}
		var wg sync.WaitGroup
		for range 100 {
			wg.Go(func() {
				a, err := s.Begin(context.Background(), "u-1", "k", "h", "order")
				if err != nil {
					t.Error(err)
				}
				mu.Lock()
				counts[a.Outcome]++
				mu.Unlock()
			})
		}
		wg.Wait()
		if counts[Started] != 1 || counts[InProgress] != 99 {
			t.Fatalf("outcomes %v", counts)
		}
	})
}
