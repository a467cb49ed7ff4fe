package timers

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
)

// Report is what one run of a task did.
type Report struct {
	// Due is how many due timers the run found (at most the batch).
	Due int `json:"due"`
	// Fired: orders moved by this run.
	Fired int `json:"fired"`
	// Stale: timers dropped because their order had moved on (or is gone):
	// paid, accepted, confirmed, cancelled, or fired by another sweeper.
	Stale int `json:"stale"`
	// Kept: timers left for a later run: not quite due yet, or their order
	// kept changing under this run, or their Ask said to wait, or the
	// store failed.
	Kept int `json:"kept"`
	// Failed: timers the store failed on (also counted in Kept).
	Failed int `json:"failed"`
	// Unstarted: due timers not tried because the run's time was up.
	Unstarted int `json:"unstarted"`
	// More: the run may have left due timers behind (a full batch, or
	// time up); the next run goes on.
	More bool `json:"more"`
}

// errNotDue: the order's own time says the timer is not due yet.
var errNotDue = errors.New("timer not due yet")

// maxErrors is how many failures one run returns (all are logged).
const maxErrors = 3

// Run fires the due timers of the task's kind, oldest first: at most the
// batch, a few at once, and none started once the run's budget or the
// caller's deadline is nearly spent. It returns a Report, and the first
// failures if the store failed on some timers (the others still ran).
func (t *Task) Run(ctx context.Context) (any, error) {
	if err := t.cfg.Validate(); err != nil {
		return Report{}, fmt.Errorf("%s: %w", t.name, err)
	}
	ctx, cancel := context.WithTimeout(ctx, t.cfg.Budget)
	defer cancel()
	cutoff := t.cfg.Now().Add(-t.after)
	due, err := t.repo.DueTimers(ctx, t.kind, cutoff, t.cfg.Batch)
	if err != nil {
		return Report{}, fmt.Errorf("%s: %w", t.name, err)
	}
	report, errs := t.fireAll(ctx, due, cutoff)
	report.Due = len(due)
	report.More = len(due) == t.cfg.Batch || report.Unstarted > 0
	return report, errors.Join(errs...)
}

// fireAll fires the timers with the configured number of workers.
func (t *Task) fireAll(ctx context.Context, due []orderstore.Timer, cutoff time.Time) (Report, []error) {
	var (
		report Report
		errs   []error
		mu     sync.Mutex
	)
	report.Unstarted = eachDue(ctx, due, t.cfg.Workers, t.cfg.Reserve, func(tm orderstore.Timer) {
		err := t.fire(ctx, tm, cutoff)
		mu.Lock()
		errs = report.count(err, errs)
		mu.Unlock()
	})
	return report, errs
}

// eachDue runs do on the due timers, workers at a time, starting none
// once less than reserve is left of the context's time; it returns how
// many it did not start. do must be safe for concurrent use.
func eachDue(ctx context.Context, due []orderstore.Timer, workers int, reserve time.Duration, do func(orderstore.Timer)) int {
	var wg sync.WaitGroup
	jobs := make(chan orderstore.Timer)
	for range min(workers, len(due)) {
		wg.Go(func() {
			for tm := range jobs {
				do(tm)
			}
		})
	}
	unstarted := 0
	for i, tm := range due {
		if nearDeadline(ctx, reserve) {
			unstarted = len(due) - i
			break
		}
		jobs <- tm
	}
	close(jobs)
	wg.Wait()
	return unstarted
}

// count adds the outcome of one timer; a failure is kept among the first
// few errors.
func (r *Report) count(err error, errs []error) []error {
	switch {
	case err == nil:
		r.Fired++
	case errors.Is(err, order.ErrInvalidTransition), errors.Is(err, orderstore.ErrNotFound):
		r.Stale++
	case errors.Is(err, errNotDue), errors.Is(err, orderstore.ErrConflict), errors.Is(err, ErrWait):
		r.Kept++
	default:
		r.Kept++
		r.Failed++
		if len(errs) < maxErrors {
			errs = append(errs, err)
		}
	}
	return errs
}

// nearDeadline reports whether less than reserve is left before the
// context's deadline, or it is done.
func nearDeadline(ctx context.Context, reserve time.Duration) bool {
	dl, ok := ctx.Deadline()
	return ctx.Err() != nil || (ok && time.Until(dl) < reserve)
}
