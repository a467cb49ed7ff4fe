package refund

import (
	"errors"
	"hash/fnv"
	"time"

	"github.com/ordercenter/ordercenter/shared/order"
)

// DefaultSchedule is the wait after each transient failure before the next
// attempt: seconds for a blip, minutes for an incident, hours for an
// outage. Its length plus one is the retry budget: the eighth transient
// failure, about ten hours after the first attempt, fails the refund for
// an operator. See docs/refunds.md.
var DefaultSchedule = []time.Duration{
	5 * time.Second, 30 * time.Second, 2 * time.Minute, 10 * time.Minute,
	time.Hour, 3 * time.Hour, 6 * time.Hour,
}

// DefaultAwaitSchedule is how long a refund the provider answered
// "pending" waits for its webhook before the provider is asked again, one
// step per time asked; the last step repeats.
var DefaultAwaitSchedule = []time.Duration{15 * time.Minute, time.Hour, 6 * time.Hour, 24 * time.Hour}

// Config tunes a Service; the zero value gives the defaults.
type Config struct {
	// Schedule: see DefaultSchedule.
	Schedule []time.Duration
	// AwaitSchedule: see DefaultAwaitSchedule.
	AwaitSchedule []time.Duration
	// Lease is how long an attempt holds its refund: longer than a
	// provider call may take (default 15 s).
	Lease time.Duration
	// LostAfter is how long past due a pending refund must be before the
	// sweeper takes it for lost and resumes it (default 1 min).
	LostAfter time.Duration
	// OrphanAge is how old a pending item whose refund was never recorded
	// must be before it is dropped (default 5 min).
	OrphanAge time.Duration
	// AfterSalesWindow is AFTER_SALES_WINDOW (default 168 h).
	AfterSalesWindow time.Duration
	// Now is the clock (default time.Now).
	Now func() time.Time
}

func (c *Config) setDefaults() {
	if len(c.Schedule) == 0 {
		c.Schedule = DefaultSchedule
	}
	if len(c.AwaitSchedule) == 0 {
		c.AwaitSchedule = DefaultAwaitSchedule
	}
	c.Lease = orDefault(c.Lease, 15*time.Second)
	c.LostAfter = orDefault(c.LostAfter, time.Minute)
	c.OrphanAge = orDefault(c.OrphanAge, 5*time.Minute)
	c.AfterSalesWindow = orDefault(c.AfterSalesWindow, order.DefaultAfterSalesWindow)
	if c.Now == nil {
		c.Now = time.Now
	}
}

// Validate reports every problem of a defaulted configuration.
func (c Config) Validate() error {
	var errs []error
	for _, d := range append(append([]time.Duration{}, c.Schedule...), c.AwaitSchedule...) {
		if d <= 0 {
			errs = append(errs, errors.New("refund schedules: every wait must be positive"))
			break
		}
	}
	if c.Lease < time.Second {
		errs = append(errs, errors.New("refund lease: at least 1s"))
	}
	return errors.Join(errs...)
}

// MaxAttempts is the retry budget: the transient failures that fail a
// refund.
func (c Config) MaxAttempts() int { return len(c.Schedule) + 1 }

// retryDelay is the wait after the n-th transient failure (from 1),
// spread by up to ±10% by the refund id, so that refunds failed together
// by an outage do not all come back at the same instant.
func (c Config) retryDelay(refundID string, n int) time.Duration {
	d := c.Schedule[min(max(n, 1), len(c.Schedule))-1]
	h := fnv.New32a()
	h.Write([]byte(refundID))
	spread := int64(h.Sum32()%21) - 10 // -10..10 percent
	return d + time.Duration(int64(d)/100*spread)
}

// awaitDelay is the wait after the n-th "pending" answer (from 1).
func (c Config) awaitDelay(n int) time.Duration {
	return c.AwaitSchedule[min(max(n, 1), len(c.AwaitSchedule))-1]
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}
