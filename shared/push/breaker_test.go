package push_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/httpcall"
	"github.com/ordercenter/ordercenter/shared/push"
)

// openFor is how long the tests' breakers stay open: the breaker reads
// the wall clock.
const openFor = 50 * time.Millisecond

func shortOpen(c *push.Config) { c.Breaker.OpenFor = openFor }

func TestBreakerOpensAfterFiveFailuresInARow(t *testing.T) {
	g := newGateway(t, status(503))
	c := newClient(t, g, newClock(), shortOpen)
	ctx := context.Background()
	for i := range 5 {
		if err := c.Send(ctx, note("e.user")); !errors.Is(err, push.ErrUnavailable) || errors.Is(err, push.ErrCircuitOpen) {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	err := c.Send(ctx, note("e.user"))
	if !errors.Is(err, push.ErrUnavailable) || !errors.Is(err, push.ErrCircuitOpen) ||
		httpcall.RetryAfterOf(err) <= 0 || httpcall.RetryAfterOf(err) > openFor {
		t.Fatalf("open breaker: %v (after %s)", err, httpcall.RetryAfterOf(err))
	}
	if g.calls.Load() != 5 {
		t.Fatalf("%d calls reached the gateway, want 5", g.calls.Load())
	}
	time.Sleep(openFor + 10*time.Millisecond)
	if err := c.Send(ctx, note("e.user")); errors.Is(err, push.ErrCircuitOpen) || g.calls.Load() != 6 {
		t.Fatalf("half-open trial: %v, %d calls", err, g.calls.Load())
	}
	if err := c.Send(ctx, note("e.user")); !errors.Is(err, push.ErrCircuitOpen) {
		t.Fatalf("a failed trial opens again: %v", err)
	}
	time.Sleep(openFor + 10*time.Millisecond)
	g.set(status(202))
	for i := range 3 {
		if err := c.Send(ctx, note("e.user")); err != nil {
			t.Fatalf("closed again, call %d: %v", i, err)
		}
	}
}

func TestBreakerCountsOnlyFailuresInARow(t *testing.T) {
	g := newGateway(t, status(503))
	c := newClient(t, g, newClock())
	ctx := context.Background()
	for round := range 3 {
		g.set(status(503))
		for range 4 {
			_ = c.Send(ctx, note("e.user"))
		}
		g.set(status(400)) // an answer: the gateway is up
		if err := c.Send(ctx, note("e.user")); !errors.Is(err, push.ErrRejected) {
			t.Fatalf("round %d: %v", round, err)
		}
	}
	if g.calls.Load() != 15 {
		t.Fatalf("%d calls, want 15: the breaker opened", g.calls.Load())
	}
}

func TestBreakerIgnoresCallsTheCallerGaveUp(t *testing.T) {
	g := newGateway(t, func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	c := newClient(t, g, newClock())
	for range 8 {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
		err := c.Send(ctx, note("e.user"))
		cancel()
		if !errors.Is(err, push.ErrUnavailable) || errors.Is(err, push.ErrCircuitOpen) {
			t.Fatalf("got %v", err)
		}
	}
}

func TestBreakerHalfOpenLetsOneTrialThrough(t *testing.T) {
	release := make(chan struct{})
	g := newGateway(t, status(503))
	c := newClient(t, g, newClock(), shortOpen)
	ctx := context.Background()
	for range 5 {
		_ = c.Send(ctx, note("e.user"))
	}
	time.Sleep(openFor + 10*time.Millisecond)
	entered := make(chan struct{})
	g.set(func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		<-release
		w.WriteHeader(202)
	})
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := c.Send(ctx, note("e.user")); err != nil {
			t.Errorf("trial: %v", err)
		}
	})
	<-entered
	for range 10 {
		if err := c.Send(ctx, note("e.user")); !errors.Is(err, push.ErrCircuitOpen) {
			t.Fatalf("second call while the trial is out: %v", err)
		}
	}
	close(release)
	wg.Wait()
	g.set(status(202))
	if err := c.Send(ctx, note("e.user")); err != nil || g.calls.Load() != 7 {
		t.Fatalf("after a good trial: %v, %d calls", err, g.calls.Load())
	}
}
