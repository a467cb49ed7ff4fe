package reserve

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
)

// Orders finds an order by id: the order repository.
type Orders interface {
	Get(ctx context.Context, id string) (*order.Order, error)
}

// Defaults of OrphanTask.
const (
	DefaultOrphanGrace = 2 * time.Minute
	DefaultOrphanBatch = 200
)

// OrphanTask releases holds that no order came to stand behind: a
// place-order that crashed after holding and before writing. It is a
// sweeper task (Name and Run).
type OrphanTask struct {
	Reserver *Reserver
	Orders   Orders
	// Grace is how old an uncommitted hold must be (since last touched)
	// before it is judged: far longer than place-order runs (default 2m).
	Grace time.Duration
	// Batch bounds the holds judged per run (default 200).
	Batch int
}

// OrphanReport counts what one run did.
type OrphanReport struct {
	// Released: holds without an order, released.
	Released int `json:"released"`
	// Committed: holds whose order exists, no longer pending.
	Committed int `json:"committed"`
	// Left: holds touched by a retry while being judged.
	Left int `json:"left"`
}

// Name implements the sweeper's Task.
func (OrphanTask) Name() string { return "orphan-holds" }

// Run judges up to Batch pending holds older than Grace.
func (t OrphanTask) Run(ctx context.Context) (any, error) {
	grace, batch := t.Grace, t.Batch
	if grace <= 0 {
		grace = DefaultOrphanGrace
	}
	if batch <= 0 {
		batch = DefaultOrphanBatch
	}
	r := t.Reserver
	cutoff := r.cfg.Now().Add(-grace).UnixMilli()
	old, err := r.rdb.ZRangeByScoreWithScores(ctx, r.k.pending(), &redis.ZRangeBy{
		Min: "-inf", Max: strconv.FormatInt(cutoff, 10), Count: int64(batch)}).Result()
	if err != nil {
		return OrphanReport{}, fmt.Errorf("orphan holds: %w", err)
	}
	var report OrphanReport
	for _, z := range old {
		if err := t.judge(ctx, z, &report); err != nil {
			return report, err
		}
	}
	return report, nil
}

func (t OrphanTask) judge(ctx context.Context, z redis.Z, report *OrphanReport) error {
	id, _ := z.Member.(string)
	_, err := t.Orders.Get(ctx, id)
	switch {
	case err == nil:
		report.Committed++
		return t.Reserver.Commit(ctx, id)
	case !errors.Is(err, orderstore.ErrNotFound):
		return fmt.Errorf("orphan hold %s: %w", id, err)
	}
	got, err := t.Reserver.release(ctx, id, true, strconv.FormatInt(int64(z.Score), 10))
	if err != nil {
		return err
	}
	if got == Touched {
		report.Left++
	} else {
		report.Released++
	}
	return nil
}
