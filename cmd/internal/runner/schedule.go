package runner

import (
	"context"

	"github.com/ordercenter/ordercenter/cmd/internal/connector"
)

// sign signs a scheduled call with the order center's key.
func (r *Runner) sign(body []byte) (string, error) {
	signer, err := r.deps.Signer()
	if err != nil {
		return "", err
	}
	return signer.Sign(body)
}

// afterScheduled frees the space of expired items (idempotency records
// and the like) after each sweep, as DynamoDB's TTL does in the cloud.
func (r *Runner) afterScheduled(ctx context.Context, function string, _ connector.Answer, _ error) {
	if function != SweeperName {
		return
	}
	if _, err := r.store.ReclaimExpired(ctx, 1000); err != nil && ctx.Err() == nil {
		r.log.Warn("reclaiming expired items failed", "err", err)
	}
}
