package refund

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/ordercenter/ordercenter/shared/order"
)

// Defaults of ResumeTask.
const (
	DefaultResumeLimit   = 20
	DefaultResumeWorkers = 4
	// resumeMargin is the time a resume must have left to start an
	// attempt: a provider call and the writes after it.
	resumeMargin = 5 * time.Second
)

// ResumeTask is the sweeper's task that finds refunds whose retry was lost
// (NATS down, a crash, a message given up on) and makes their next attempt:
// pending refunds due more than Config.LostAfter ago, most overdue first,
// at most Limit a run, Workers at a time. It implements the sweeper's Task.
type ResumeTask struct {
	Service *Service
	Limit   int
	Workers int
}

// ResumeReport counts what one run did.
type ResumeReport struct {
	Found     int `json:"found"`
	Succeeded int `json:"succeeded"`
	Failed    int `json:"failed"`
	Awaiting  int `json:"awaiting_webhook"`
	Retrying  int `json:"retrying"`
	Dropped   int `json:"dropped"`
	Errors    int `json:"errors"`
}

// Name implements the sweeper's Task.
func (ResumeTask) Name() string { return "refunds" }

// Run implements the sweeper's Task: it returns a ResumeReport, and an
// error only when the due refunds could not be listed or every attempt
// failed.
func (t ResumeTask) Run(ctx context.Context) (any, error) {
	s := t.Service
	due, err := s.index.due(ctx, s.cfg.Now().Add(-s.cfg.LostAfter), cmpOr(t.Limit, DefaultResumeLimit))
	report := ResumeReport{Found: len(due)}
	if err != nil {
		return report, err
	}
	var mu sync.Mutex
	var errs []error
	work := make(chan pending)
	var wg sync.WaitGroup
	for range cmpOr(t.Workers, DefaultResumeWorkers) {
		wg.Go(func() {
			for p := range work {
				res, err := s.Execute(ctx, p.OrderID, p.RefundID)
				mu.Lock()
				report.count(res, err)
				errs = append(errs, err)
				mu.Unlock()
			}
		})
	}
	for _, p := range due {
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < resumeMargin {
			break
		}
		work <- p
	}
	close(work)
	wg.Wait()
	if report.Errors > 0 && report.Errors == report.Found {
		return report, errors.Join(errs...)
	}
	return report, nil
}

// count tallies one attempt's outcome.
func (r *ResumeReport) count(res Result, err error) {
	switch {
	case errors.Is(err, ErrNotFound), errors.Is(err, ErrOrderNotFound):
		r.Dropped++
	case err != nil:
		r.Errors++
	case res.Status == order.RefundSucceeded:
		r.Succeeded++
	case res.Status == order.RefundFailed:
		r.Failed++
	case res.RetryAfter > 0:
		r.Retrying++
	default:
		r.Awaiting++
	}
}

func cmpOr(n, def int) int {
	if n <= 0 {
		return def
	}
	return n
}
