// Package function is the sweeper: triggered on a schedule (the OpenFaaS
// cron connector, or the local runner's schedule), it finishes order changes
// that a crash interrupted, so that copies, timelines and events converge on
// the master records. Later issues add the business timers and the retries
// of refunds to the same pass.
package function

import (
	"context"
	"net/http"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
)

// Timeout bounds one sweep, below the platform's function timeout.
const Timeout = 25 * time.Second

// Healer settles interrupted order changes.
type Healer interface {
	Heal(ctx context.Context, minAge time.Duration) (orderstore.HealReport, error)
}

// Sweeper runs sweeps.
type Sweeper struct {
	healer Healer
}

// New returns a sweeper over the order repository.
func New(healer Healer) *Sweeper { return &Sweeper{healer: healer} }

// Report is what one sweep did.
type Report struct {
	Heal   orderstore.HealReport `json:"heal"`
	TookMS int64                 `json:"took_ms"`
}

// Sweep runs one pass.
func (s *Sweeper) Sweep(ctx context.Context) (Report, error) {
	start := time.Now()
	heal, err := s.healer.Heal(ctx, 0)
	return Report{Heal: heal, TookMS: time.Since(start).Milliseconds()}, err
}

// Handle answers a trigger (any method; the body is ignored) with the
// sweep's report.
func (s *Sweeper) Handle(req handler.Request) (handler.Response, error) {
	ctx, cancel := context.WithTimeout(requestContext(req), Timeout)
	defer cancel()
	report, err := s.Sweep(ctx)
	if err != nil {
		return httpapi.Error(err), nil
	}
	return httpapi.JSON(http.StatusOK, report), nil
}

func requestContext(req handler.Request) context.Context {
	if ctx := req.Context(); ctx != nil {
		return ctx
	}
	return context.Background()
}
