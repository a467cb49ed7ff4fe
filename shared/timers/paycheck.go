package timers

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/ordercenter/ordercenter/shared/order/orderstore"
)

// Defaults of the payment checks.
const (
	// DefaultPayCheckLead is how long before its pay deadline an unpaid
	// order's payment is looked up at the provider (PAY_RECONCILE_LEAD).
	DefaultPayCheckLead = time.Minute
	// payCheckBackoff and payCheckMaxWait space the looks at one order.
	payCheckBackoff = 15 * time.Second
	payCheckMaxWait = 2 * time.Minute
)

// LookOutcome is what looking up an order's payment found.
type LookOutcome int

// The outcomes of a Look.
const (
	// LookUnpaid: the provider has no payment of the order yet; it is
	// looked up again later, until its deadline.
	LookUnpaid LookOutcome = iota
	// LookPaid: a payment was found and applied.
	LookPaid
	// LookDone: nothing more to look for: the order is paid, cancelled,
	// gone or past its deadline (the payment timer takes it from there).
	LookDone
)

// Look looks the order's payment up at the provider and applies what it
// finds (package reconcile). An error keeps the check for a later look.
type Look func(ctx context.Context, orderID string) (LookOutcome, error)

// PayCheckTask is the sweeper's reconciliation of payments: the payment
// checks (orderstore.CheckPayment) of orders whose deadline is less than
// Config.PayCheckLead away, oldest first, at most Config.Batch a run,
// Config.Workers at a time. Each check is first moved to its next look
// (orderstore.MoveTimer: 15 s, then doubling up to 2 min after each look
// of that order), which also claims it: of sweepers racing on it one alone
// looks. A look that settles the order drops the moved check. It
// implements the sweeper's Task.
type PayCheckTask struct {
	repo PayChecks
	look Look
	cfg  Config
}

// PayChecks is the part of the order repository PayCheckTask uses;
// *orderstore.Repository implements it.
type PayChecks interface {
	Checks
	MoveTimer(ctx context.Context, from, to orderstore.Timer) (bool, error)
}

// PayCheck returns the reconciliation task, looking with look.
func PayCheck(repo PayChecks, cfg Config, look Look) *PayCheckTask {
	return &PayCheckTask{repo: repo, look: look, cfg: cfg.withDefaults()}
}

// PayCheckReport is what one run of a PayCheckTask did.
type PayCheckReport struct {
	// Due: the checks found due (at most the batch).
	Due int `json:"due"`
	// Paid: orders paid by a payment this run found.
	Paid int `json:"paid"`
	// Unpaid: orders with no payment yet, looked up again later.
	Unpaid int `json:"unpaid"`
	// Done: checks dropped, their order settled otherwise.
	Done int `json:"done"`
	// Claimed: checks another sweeper took first.
	Claimed int `json:"claimed"`
	// Failed: looks that failed (the provider or the store); each is
	// looked up again after its back-off.
	Failed int `json:"failed"`
	// Unstarted: due checks not tried because the run's time was up.
	Unstarted int `json:"unstarted"`
	// More: the run may have left due checks behind.
	More bool `json:"more"`
}

// Name implements the sweeper's Task.
func (t *PayCheckTask) Name() string { return "pay-reconcile" }

// Run implements the sweeper's Task: it returns a PayCheckReport, and the
// first failures if some looks failed (the others still ran).
func (t *PayCheckTask) Run(ctx context.Context) (any, error) {
	if err := t.cfg.Validate(); err != nil {
		return PayCheckReport{}, fmt.Errorf("%s: %w", t.Name(), err)
	}
	ctx, cancel := context.WithTimeout(ctx, t.cfg.Budget)
	defer cancel()
	due, err := t.repo.DueTimers(ctx, orderstore.CheckPayment, t.cfg.Now().Add(t.cfg.PayCheckLead), t.cfg.Batch)
	if err != nil {
		return PayCheckReport{}, fmt.Errorf("%s: %w", t.Name(), err)
	}
	var (
		report PayCheckReport
		errs   []error
		mu     sync.Mutex
	)
	report.Unstarted = eachDue(ctx, due, t.cfg.Workers, t.cfg.Reserve, func(c orderstore.Timer) {
		out, claimed, err := t.one(ctx, c)
		mu.Lock()
		defer mu.Unlock()
		errs = report.count(out, claimed, err, errs)
	})
	report.Due = len(due)
	report.More = len(due) == t.cfg.Batch || report.Unstarted > 0
	return report, errors.Join(errs...)
}

// one claims a check by moving it to its next look, looks, and drops it
// when the look settled the order. claimed is false when another sweeper
// had it.
func (t *PayCheckTask) one(ctx context.Context, c orderstore.Timer) (LookOutcome, bool, error) {
	wait := min(payCheckBackoff<<min(c.Tries, 8), payCheckMaxWait)
	next := orderstore.Timer{Kind: c.Kind, OrderID: c.OrderID, At: t.cfg.Now().Add(wait + t.cfg.PayCheckLead), Tries: c.Tries + 1}
	moved, err := t.repo.MoveTimer(ctx, c, next)
	if err != nil || !moved {
		return LookUnpaid, moved, err
	}
	out, err := t.look(ctx, c.OrderID)
	if err != nil {
		t.cfg.Logger.WarnContext(ctx, "payment not looked up; looked up again later",
			"task", t.Name(), "order_id", c.OrderID, "retry_in", wait, "err", err)
		return out, true, fmt.Errorf("%s of order %s: %w", t.Name(), c.OrderID, err)
	}
	if out != LookUnpaid {
		if err := t.repo.DropTimer(ctx, next); err != nil {
			t.cfg.Logger.WarnContext(ctx, "payment check not dropped; a later run will",
				"task", t.Name(), "order_id", c.OrderID, "err", err)
		}
	}
	return out, true, nil
}

// count adds the outcome of one check.
func (r *PayCheckReport) count(out LookOutcome, claimed bool, err error, errs []error) []error {
	switch {
	case err != nil:
		r.Failed++
		if len(errs) < maxErrors {
			errs = append(errs, err)
		}
	case !claimed:
		r.Claimed++
	case out == LookPaid:
		r.Paid++
	case out == LookDone:
		r.Done++
	default:
		r.Unpaid++
	}
	return errs
}
