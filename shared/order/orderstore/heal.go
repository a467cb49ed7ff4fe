package orderstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// DefaultHealAge is how old an intent must be before Heal treats its writer
// as dead: longer than any function may run.
const DefaultHealAge = 30 * time.Second

// HealReport counts what a healing pass did.
type HealReport struct {
	// Finished: committed changes whose copies, timeline entry and events
	// were completed.
	Finished int `json:"finished"`
	// Dropped: intents of changes that never committed (their writer
	// crashed before the master write, or lost a race).
	Dropped int `json:"dropped"`
	// Waiting: intents too young to judge; their writer may still run.
	Waiting int `json:"waiting"`
}

func (h *HealReport) add(o HealReport) {
	h.Finished += o.Finished
	h.Dropped += o.Dropped
	h.Waiting += o.Waiting
}

// Heal finds the changes interrupted by a crash and finishes them: it reads
// every sync shard and settles each intent at least minAge old (0 means
// DefaultHealAge). It is safe to run from several places at once.
func (r *Repository) Heal(ctx context.Context, minAge time.Duration) (HealReport, error) {
	if minAge <= 0 {
		minAge = DefaultHealAge
	}
	var report HealReport
	var errs []error
	for shard := range r.shards {
		got, err := r.healPartition(ctx, kv.Query{PK: syncPK(shard)}, minAge)
		report.add(got)
		errs = append(errs, err)
	}
	return report, errors.Join(errs...)
}

// FinishOrder settles the intents of one order now: committed changes are
// finished whatever their age; uncommitted ones are dropped once they are
// DefaultHealAge old.
func (r *Repository) FinishOrder(ctx context.Context, id string) (HealReport, error) {
	q := kv.Query{PK: syncPK(orderShard(id, r.shards)), SKPrefix: intentOrderPrefix(id)}
	return r.healPartition(ctx, q, DefaultHealAge)
}

func (r *Repository) healPartition(ctx context.Context, q kv.Query, minAge time.Duration) (HealReport, error) {
	var report HealReport
	q.Limit = 100
	for {
		page, err := r.store.Query(ctx, q)
		if err != nil {
			return report, fmt.Errorf("heal %s: %w", q.PK, err)
		}
		for _, it := range page.Items {
			got, err := r.healIntent(ctx, it, minAge)
			if err != nil {
				return report, fmt.Errorf("heal %s: %w", it.SK, err)
			}
			report.add(got)
		}
		if page.Cursor == "" {
			return report, nil
		}
		q.Cursor = page.Cursor
	}
}

// healIntent settles one intent: finish it if its change committed, drop it
// if the change cannot commit any more, or leave it for later.
func (r *Repository) healIntent(ctx context.Context, it kv.Item, minAge time.Duration) (HealReport, error) {
	in, err := decodeIntent(it)
	if err != nil {
		return HealReport{}, err
	}
	old := r.now().Sub(in.At) >= minAge
	m, err := r.loadMaster(ctx, in.OrderID)
	switch {
	case errors.Is(err, ErrNotFound):
		return r.dropIfOld(ctx, in, old), nil
	case err != nil:
		return HealReport{}, err
	}
	writeID, known := m.writeID(in.Version)
	switch {
	case known && writeID == in.WriteID:
		if err := r.sync(ctx, m.Order, []intent{in}); err != nil {
			return HealReport{}, err
		}
		return HealReport{Finished: 1}, nil
	case m.Order.Version < in.Version:
		return r.dropIfOld(ctx, in, old), nil
	case !known:
		r.log.ErrorContext(ctx, "order change too old to verify; its timeline entry and events may be missing",
			"order_id", in.OrderID, "version", in.Version)
	}
	r.dropIntents(ctx, []intent{in})
	return HealReport{Dropped: 1}, nil
}

func (r *Repository) dropIfOld(ctx context.Context, in intent, old bool) HealReport {
	if !old {
		return HealReport{Waiting: 1}
	}
	r.dropIntents(ctx, []intent{in})
	return HealReport{Dropped: 1}
}
