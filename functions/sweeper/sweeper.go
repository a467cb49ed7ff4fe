// Package function is the sweeper: triggered on a schedule (the OpenFaaS
// cron connector, or the local runner's schedule), it runs the order
// center's periodic tasks: finishing order changes a crash interrupted (so
// copies, timelines and events converge on the master records), and the
// tasks other packages add (business timers, orphaned holds, lost refund
// retries). Each task gets a share of the sweep's deadline and a bound on
// how much it does per run, so a backlog cannot blow the deadline: what is
// left waits for the next run.
package function

import (
	"context"
	"net/http"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/metrics"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
)

// Timeout bounds one sweep, below the platform's function timeout.
const Timeout = 25 * time.Second

// Task is one periodic job. Run does at most a bounded amount of work and
// reports what it did (a JSON-encodable value).
type Task interface {
	Name() string
	Run(ctx context.Context) (any, error)
}

// Sweeper runs its tasks in order.
type Sweeper struct {
	origin httpapi.OriginVerifier
	tasks  []Task
}

// New returns a sweeper running the tasks in order, answering only calls
// origin vouches for (an *origin.Verifier of schedules; nil checks
// nothing, for tests).
func New(origin httpapi.OriginVerifier, tasks ...Task) *Sweeper {
	return &Sweeper{origin: origin, tasks: tasks}
}

// Report is what one sweep did, by task.
type Report struct {
	Tasks  map[string]any    `json:"tasks"`
	Errors map[string]string `json:"errors,omitempty"`
	TookMS int64             `json:"took_ms"`
}

// Sweep runs every task once; a failing task does not stop the others.
func (s *Sweeper) Sweep(ctx context.Context) Report {
	start := time.Now()
	report := Report{Tasks: map[string]any{}}
	for _, task := range s.tasks {
		got, err := task.Run(ctx)
		report.Tasks[task.Name()] = got
		if err != nil {
			if report.Errors == nil {
				report.Errors = map[string]string{}
			}
			report.Errors[task.Name()] = "failed; see the logs"
			logTaskError(ctx, task.Name(), err)
		}
	}
	report.TookMS = time.Since(start).Milliseconds()
	return report
}

// Handle answers a trigger (any method; the body is ignored) with the
// sweep's report: 200 when every task ran, 500 when one failed.
func (s *Sweeper) Handle(req handler.Request) (handler.Response, error) {
	return httpapi.Endpoint{Origin: s.origin, Timeout: Timeout}.Serve(req, s.serve), nil
}

// serve sweeps once past the preamble.
func (s *Sweeper) serve(c httpapi.Call) handler.Response {
	report := s.Sweep(c.Ctx)
	status := http.StatusOK
	if len(report.Errors) > 0 {
		status = http.StatusInternalServerError
	}
	return httpapi.JSON(status, report)
}

// HealTask finishes order changes a crash interrupted, counting them
// (ordercenter.events.healed) when Figures is set.
type HealTask struct {
	Repo    *orderstore.Repository
	Figures *metrics.Recorder
}

// Name implements Task.
func (HealTask) Name() string { return "heal" }

// Run implements Task.
func (h HealTask) Run(ctx context.Context) (any, error) {
	report, err := h.Repo.Heal(ctx, 0)
	h.Figures.EventsHealed(ctx, report.Finished)
	return report, err
}
