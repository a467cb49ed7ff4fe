package reserve

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
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

// Run judges up to Batch pending holds older than Grace, the oldest of
// every bucket first.
func (t OrphanTask) Run(ctx context.Context) (any, error) {
	grace, batch := t.Grace, t.Batch
	if grace <= 0 {
		grace = DefaultOrphanGrace
	}
	if batch <= 0 {
		batch = DefaultOrphanBatch
	}
	old, err := t.Reserver.pendingBefore(ctx, t.Reserver.cfg.Now().Add(-grace), batch)
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

// pendingBefore reads every bucket's pending list in one pipeline (on a
// cluster, each node's at once) and returns the n oldest holds last
// touched before cutoff.
func (r *Reserver) pendingBefore(ctx context.Context, cutoff time.Time, n int) ([]redis.Z, error) {
	by := &redis.ZRangeBy{Min: "-inf", Max: strconv.FormatInt(cutoff.UnixMilli(), 10), Count: int64(n)}
	cmds := make([]*redis.ZSliceCmd, holdBuckets)
	_, err := r.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for b := range cmds {
			cmds[b] = p.ZRangeByScoreWithScores(ctx, r.k.pending(b), by)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var all []redis.Z
	for _, c := range cmds {
		all = append(all, c.Val()...)
	}
	slices.SortFunc(all, func(a, b redis.Z) int { return cmp.Compare(a.Score, b.Score) })
	return all[:min(n, len(all))], nil
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
