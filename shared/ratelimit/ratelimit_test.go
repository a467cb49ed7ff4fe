package ratelimit

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/redistest"
)

func TestParseLimit(t *testing.T) {
	good := map[string]Limit{"30/1m": {30, time.Minute}, "600/1m": {600, time.Minute}, "0": {}, " 5/10s ": {5, 10 * time.Second}}
	for s, want := range good {
		if got, err := ParseLimit(s); err != nil || got != want {
			t.Errorf("%q: %v, %v", s, got, err)
		}
	}
	for _, s := range []string{"", "30", "30/", "x/1m", "-1/1m", "0/1m", "30/0s", "30/-1m", "30/min"} {
		if _, err := ParseLimit(s); !errors.Is(err, ErrInvalidLimit) {
			t.Errorf("%q accepted", s)
		}
	}
}

func TestClientAddress(t *testing.T) {
	cases := []struct {
		xff  string
		hops int
		peer string
		want string
	}{
		{"", 0, "10.0.0.9:5555", "10.0.0.9"},
		{"1.2.3.4", 0, "", "1.2.3.4"},
		{"6.6.6.6, 1.2.3.4", 0, "", "1.2.3.4"}, // the left entry is the client's to forge
		{"6.6.6.6, 1.2.3.4, 10.0.0.1", 1, "", "1.2.3.4"},
		{"garbage", 0, "9.9.9.9", "9.9.9.9"},
		{"2001:db8:1:2:3:4:5:6", 0, "", "2001:db8:1:2::/64"},
		{"::ffff:1.2.3.4", 0, "", "1.2.3.4"},
		{"", 0, "", ""},
	}
	for _, c := range cases {
		if got := ClientAddress(c.xff, c.hops, c.peer); got != c.want {
			t.Errorf("ClientAddress(%q, %d, %q) = %q, want %q", c.xff, c.hops, c.peer, got, c.want)
		}
	}
}

func TestLimiterAllowsTheCountThenWaits(t *testing.T) {
	rdb := redistest.Client(t)
	now := time.Unix(1_700_000_000, 0)
	l := New(rdb, redistest.Prefix(t), func() time.Time { return now })
	ctx := context.Background()
	check := Check{Name: "user", Subject: "u-1", Limit: Limit{3, time.Minute}}
	for i := range 3 {
		if wait, err := l.Allow(ctx, check); err != nil || wait != 0 {
			t.Fatalf("request %d: wait %s, %v", i, wait, err)
		}
	}
	wait, err := l.Allow(ctx, check)
	if err != nil || wait != 20*time.Second {
		t.Fatalf("4th request: wait %s, %v; want 20s", wait, err)
	}
	now = now.Add(20 * time.Second)
	if wait, _ := l.Allow(ctx, check); wait != 0 {
		t.Fatalf("after the wait: %s", wait)
	}
}

func TestLimiterIsAllOrNothing(t *testing.T) {
	rdb := redistest.Client(t)
	now := time.Unix(1_700_000_000, 0)
	l := New(rdb, redistest.Prefix(t), func() time.Time { return now })
	ctx := context.Background()
	tight := Check{Name: "addr", Subject: "1.2.3.4", Limit: Limit{1, time.Minute}}
	loose := Check{Name: "user", Subject: "u-1", Limit: Limit{2, time.Minute}}
	if wait, _ := l.Allow(ctx, tight, loose); wait != 0 {
		t.Fatal("first request refused")
	}
	for range 3 {
		if wait, _ := l.Allow(ctx, tight, loose); wait == 0 {
			t.Fatal("address limit not enforced")
		}
	}
	if wait, _ := l.Allow(ctx, loose); wait != 0 {
		t.Fatal("refused requests spent the user's allowance")
	}
	if wait, _ := l.Allow(ctx, Check{Name: "user", Subject: "u-1", Limit: Limit{}}); wait != 0 {
		t.Fatal("a limit that is off refused")
	}
}

func TestLimiterUnderRace(t *testing.T) {
	l := New(redistest.Client(t), redistest.Prefix(t), nil)
	check := Check{Name: "user", Subject: "u-race", Limit: Limit{30, time.Hour}}
	if allowed := race(t, l, 100, check); allowed != 30 {
		t.Fatalf("%d allowed, want 30", allowed)
	}
}

// Requests refused by the address's limit, racing, give back all they
// spent of the user's (whose allowance they cannot run out of, even for
// a moment): the user has the rest of the allowance after.
func TestRefusedRequestsGiveBackUnderRace(t *testing.T) {
	l := New(redistest.Client(t), redistest.Prefix(t), nil)
	user := Check{Name: "user", Subject: "u-race", Limit: Limit{150, time.Hour}}
	addr := Check{Name: "addr", Subject: "1.2.3.4", Limit: Limit{10, time.Hour}}
	if allowed := race(t, l, 100, user, addr); allowed != 10 {
		t.Fatalf("%d allowed by the address's limit, want 10", allowed)
	}
	if allowed := race(t, l, 150, user); allowed != 140 {
		t.Fatalf("%d left of the user's allowance, want 140", allowed)
	}
}

// race makes n requests at once under the checks: how many were allowed.
func race(t *testing.T, l *Limiter, n int, checks ...Check) int {
	var mu sync.Mutex
	allowed := 0
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			wait, err := l.Allow(context.Background(), checks...)
			if err != nil {
				t.Error(err)
			}
			if wait == 0 {
				mu.Lock()
				allowed++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return allowed
}
