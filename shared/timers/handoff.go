package timers

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/ordercenter/ordercenter/shared/order/orderstore"
)

// DefaultHandoffGrace is how long after its event a hand-off check waits
// before the sweeper judges it: far longer than the event path takes
// (publish, deliver, a few retries), so the sweeper acts only on events
// that were lost, and races a late one at most.
const DefaultHandoffGrace = 2 * time.Minute

// Finish does, idempotently, what the consumer of a lost event would
// have done for the order. done says this call did it (false: done
// before, or nothing to do); an error keeps the check for the next run.
type Finish func(ctx context.Context, orderID string) (done bool, err error)

// Checks is the part of the order repository the hand-off tasks use;
// *orderstore.Repository implements it.
type Checks interface {
	DueTimers(ctx context.Context, kind orderstore.TimerKind, enteredBefore time.Time, limit int) ([]orderstore.Timer, error)
	DropTimer(ctx context.Context, t orderstore.Timer) error
}

// HandoffTask finishes the hand-offs of one kind whose event may have
// been lost (orderstore.CheckCancelRefund, orderstore.CheckPaidHolds):
// the checks older than Config.HandoffGrace, oldest first, at most
// Config.Batch a run, Config.Workers at a time, none started once the
// budget or the caller's deadline is nearly spent. A check is dropped
// once Finish succeeds, so an event lost is finished once it is found,
// and one that came finds its work done (Finish is idempotent). Two
// sweepers may run at once: both may finish the same order, which
// Finish makes harmless. It implements the sweeper's Task.
type HandoffTask struct {
	name   string
	kind   orderstore.TimerKind
	finish Finish
	repo   Checks
	cfg    Config
}

// Handoff returns the task finishing the checks of the kind with finish,
// reporting under name, once they are Config.HandoffGrace old.
func Handoff(name string, kind orderstore.TimerKind, repo Checks, cfg Config, finish Finish) *HandoffTask {
	return &HandoffTask{name: name, kind: kind, finish: finish, repo: repo, cfg: cfg.withDefaults()}
}

// HandoffReport is what one run of a HandoffTask did.
type HandoffReport struct {
	// Due: the checks found past their grace (at most the batch).
	Due int `json:"due"`
	// Finished: orders whose work this run did (the event was lost).
	Finished int `json:"finished"`
	// Already: orders whose work was done before (the event came, or
	// another sweeper was first); their checks are dropped too.
	Already int `json:"already"`
	// Failed: checks kept for the next run, Finish or the store having
	// failed.
	Failed int `json:"failed"`
	// Unstarted: due checks not tried because the run's time was up.
	Unstarted int `json:"unstarted"`
	// More: the run may have left due checks behind.
	More bool `json:"more"`
}

// Name implements the sweeper's Task.
func (t *HandoffTask) Name() string { return t.name }

// Run implements the sweeper's Task: it returns a HandoffReport, and the
// first failures if some checks failed (the others still ran).
func (t *HandoffTask) Run(ctx context.Context) (any, error) {
	if err := t.cfg.Validate(); err != nil {
		return HandoffReport{}, fmt.Errorf("%s: %w", t.name, err)
	}
	ctx, cancel := context.WithTimeout(ctx, t.cfg.Budget)
	defer cancel()
	due, err := t.repo.DueTimers(ctx, t.kind, t.cfg.Now().Add(-t.cfg.HandoffGrace), t.cfg.Batch)
	if err != nil {
		return HandoffReport{}, fmt.Errorf("%s: %w", t.name, err)
	}
	report, errs := t.finishAll(ctx, due)
	report.Due = len(due)
	report.More = len(due) == t.cfg.Batch || report.Unstarted > 0
	return report, errors.Join(errs...)
}

// finishAll finishes the checks with the configured number of workers.
func (t *HandoffTask) finishAll(ctx context.Context, due []orderstore.Timer) (HandoffReport, []error) {
	var (
		report HandoffReport
		errs   []error
		mu     sync.Mutex
	)
	report.Unstarted = eachDue(ctx, due, t.cfg.Workers, t.cfg.Reserve, func(c orderstore.Timer) {
		done, err := t.one(ctx, c)
		mu.Lock()
		defer mu.Unlock()
		switch {
		case err != nil:
			report.Failed++
			if len(errs) < maxErrors {
				errs = append(errs, err)
			}
		case done:
			report.Finished++
		default:
			report.Already++
		}
	})
	return report, errs
}

// one finishes one check and drops it. A drop that fails only leaves the
// check for a later run, which finds the work done.
func (t *HandoffTask) one(ctx context.Context, c orderstore.Timer) (bool, error) {
	done, err := t.finish(ctx, c.OrderID)
	if err != nil {
		t.cfg.Logger.ErrorContext(ctx, "hand-off not finished; kept for the next run",
			"task", t.name, "order_id", c.OrderID, "err", err)
		return false, fmt.Errorf("%s of order %s: %w", t.name, c.OrderID, err)
	}
	if err := t.repo.DropTimer(ctx, c); err != nil {
		t.cfg.Logger.WarnContext(ctx, "finished hand-off check not dropped; a later run will",
			"task", t.name, "order_id", c.OrderID, "err", err)
	}
	return done, nil
}
