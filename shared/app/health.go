package app

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/ordercenter/ordercenter/shared/redisclient"
)

// HealthTimeout bounds the check of one dependency.
const HealthTimeout = 300 * time.Millisecond

// Dependency states of a Health.
const (
	StateOK       = "ok"
	StateDegraded = "degraded"
	StateDown     = "down"
)

// Health is what a function (or the runner) can say of its dependencies:
// "ok" when every one answers, "degraded" when one does not. A degraded
// function still takes calls (those that need the missing part answer 503
// fast), so health never takes a replica out of service for a dependency.
type Health struct {
	Status       string                `json:"status"`
	Dependencies map[string]Dependency `json:"dependencies"`
}

// Dependency is the state of one dependency, with a word on why it is
// down (never an address or an internal message).
type Dependency struct {
	Status string `json:"status"`
	Reason string `json:"reason,omitempty"`
}

// Health checks, at once and each within HealthTimeout, the parts Deps
// has built: the store (a read of the repository), NATS (connected), Redis (PING, and its
// breaker). Parts not built are not the function's dependencies.
func (d *Deps) Health(ctx context.Context) Health {
	checks := map[string]func(context.Context) error{}
	if repo, ok := d.reader.peek(); ok {
		checks["store"] = repo.Ping
	}
	if repo, ok := d.orders.peek(); ok {
		checks["store"] = repo.Ping
	}
	if nc, ok := d.nats.peek(); ok {
		checks["nats"] = func(context.Context) error {
			if !nc.IsConnected() {
				return errors.New("not connected")
			}
			return nil
		}
	}
	if rdb, ok := d.redis.peek(); ok {
		checks["redis"] = func(ctx context.Context) error {
			if c, guarded := rdb.(*redisclient.Client); guarded && c.Open() {
				return errors.New("circuit open")
			}
			return rdb.Ping(ctx).Err()
		}
	}
	return d.run(ctx, checks)
}

// run runs the checks in parallel and gathers their states.
func (d *Deps) run(ctx context.Context, checks map[string]func(context.Context) error) Health {
	h := Health{Status: StateOK, Dependencies: map[string]Dependency{}}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for name, check := range checks {
		wg.Go(func() {
			cctx, cancel := context.WithTimeout(ctx, HealthTimeout)
			defer cancel()
			err := check(cctx)
			mu.Lock()
			defer mu.Unlock()
			if err == nil {
				h.Dependencies[name] = Dependency{Status: StateOK}
				return
			}
			d.Log.WarnContext(ctx, "dependency down", "dependency", name, "err", err)
			h.Status = StateDegraded
			h.Dependencies[name] = Dependency{Status: StateDown, Reason: reasonOf(cctx, err)}
		})
	}
	wg.Wait()
	return h
}

// reasonOf says why a dependency is down, in a word fit for anyone.
func reasonOf(ctx context.Context, err error) string {
	switch {
	case ctx.Err() != nil:
		return "timed out"
	case err.Error() == "circuit open":
		return "circuit open"
	}
	return "unreachable"
}
