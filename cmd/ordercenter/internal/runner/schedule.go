package runner

import (
	"context"
	"net/http"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/origin"
)

// runSchedule triggers the sweeper every SweepInterval, as the OpenFaaS
// cron connector does, until ctx ends.
func (r *Runner) runSchedule(ctx context.Context) {
	ticker := time.NewTicker(r.env.SweepInterval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			r.trigger(ctx, SweeperName)
			r.reclaimExpired(ctx)
		}
	}
}

func (r *Runner) trigger(ctx context.Context, name string) {
	fn, ok := r.gateway.Lookup(name)
	if !ok {
		return
	}
	req := handler.Request{Method: http.MethodPost, Header: http.Header{"X-Connector": {"cron-connector"}}}
	signer, err := r.deps.Signer()
	if err != nil {
		r.log.Error("scheduled call not signed", "function", name, "err", err)
		return
	}
	proof, err := signer.Sign(req.Body)
	if err != nil {
		r.log.Error("scheduled call not signed", "function", name, "err", err)
		return
	}
	req.Header.Set(origin.Header, proof)
	resp := r.gateway.Invoke(ctx, name, fn, req)
	if resp.StatusCode >= 300 && ctx.Err() == nil {
		r.log.Warn("scheduled call failed", "function", name, "status", resp.StatusCode, "body", string(resp.Body))
	}
}

// reclaimExpired frees the space of expired items (idempotency records and
// the like), as DynamoDB's TTL does in the cloud.
func (r *Runner) reclaimExpired(ctx context.Context) {
	if _, err := r.store.ReclaimExpired(ctx, 1000); err != nil && ctx.Err() == nil {
		r.log.Warn("reclaiming expired items failed", "err", err)
	}
}
