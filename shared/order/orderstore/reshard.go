package orderstore

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// ErrReshardUnderWay: the day's layout is being changed to another count
// (or was changed while Reshard ran); finish that change first.
var ErrReshardUnderWay = errors.New("another reshard of the day is under way")

// reshardWorkers bounds the concurrent writes of a reshard.
const reshardWorkers = 16

// ReshardOptions tune Reshard.
type ReshardOptions struct {
	// Settle is how long a phase must have lasted before the next step
	// relies on every writer and reader following it (default: the
	// repository's LayoutTTL plus DefaultHealAge, the longest a write
	// that read the layout before the change may still run).
	Settle time.Duration
	// Progress, when set, is told each step as it begins.
	Progress func(step string)
}

// step reports a step as it begins; an interrupted reshard (ctx ended)
// stops before it.
func (o ReshardOptions) step(ctx context.Context, format string, args ...any) error {
	o.Progress(fmt.Sprintf(format, args...))
	return ctx.Err()
}

// ReshardReport says what Reshard did.
type ReshardReport struct {
	From, To int
	// Copied counts the copies written into the new layout (those already
	// there at their version are not counted); Deleted those removed from
	// the old one.
	Copied, Deleted int
}

// Reshard spreads the copies of a store's day over n shards, while its
// orders keep being written and listed. It is idempotent and resumable:
// the day's layout item records its phase (and since when), and calling
// Reshard again continues from it. The steps:
//
//  1. the layout is set to copying (Next n): writers write each copy in
//     both layouts from now on, lists still read the old one;
//  2. once that has lasted Settle (no writer follows the old layout any
//     more), every copy of the old layout is written into the new one,
//     IfVersionBelow, so a newer copy a writer put there is kept;
//  3. the layout is switched to n (Drop: the old count): lists read the
//     new layout, writers write only it;
//  4. once that has lasted Settle (no reader reads the old layout any
//     more), the old copies are deleted and the layout set to plain n.
//
// A reader that cached the layout before step 3 reads the old copies for
// up to LayoutTTL, which stop receiving writes: for that long a list can
// lag. Cursors are positions in the day's order, valid in either layout.
// It returns ErrInvalidShards, or ErrReshardUnderWay when the day is being
// resharded to another count.
func (r *Repository) Reshard(ctx context.Context, storeID, day string, n int, opts ReshardOptions) (ReshardReport, error) {
	if err := validShards(n); err != nil {
		return ReshardReport{}, err
	}
	if opts.Settle == 0 {
		opts.Settle = max(r.layouts.ttl, 0) + DefaultHealAge
	}
	if opts.Progress == nil {
		opts.Progress = func(string) {}
	}
	l, err := r.StoreDayLayout(ctx, storeID, day)
	if err == nil && !l.Pinned {
		l, err = r.pinDayLayout(ctx, storeID, day)
	}
	if err != nil {
		return ReshardReport{}, err
	}
	rep := ReshardReport{From: l.Shards, To: n}
	if l.Next == 0 && l.Drop == 0 && l.Shards != n {
		if err = opts.step(ctx, "writers write %d and %d shards", l.Shards, n); err == nil {
			l, err = r.changeLayout(ctx, storeID, day, l, DayLayout{Shards: l.Shards, Next: n})
		}
	}
	if err == nil && l.Next != 0 {
		rep.From = l.Shards
		l, err = r.copyPhase(ctx, storeID, day, l, n, opts, &rep)
	}
	if err == nil && l.Drop != 0 {
		rep.From = l.Drop
		err = r.dropPhase(ctx, storeID, day, l, n, opts, &rep)
	}
	if err != nil {
		return rep, fmt.Errorf("reshard store %s day %s to %d: %w", storeID, day, n, err)
	}
	return rep, nil
}

// copyPhase is steps 2 and 3: the copies of the old layout written into
// the new, then the lists switched to it.
func (r *Repository) copyPhase(ctx context.Context, storeID, day string, l DayLayout, n int, opts ReshardOptions, rep *ReshardReport) (DayLayout, error) {
	if l.Next != n {
		return l, fmt.Errorf("%w: to %d", ErrReshardUnderWay, l.Next)
	}
	if err := r.waitUntil(ctx, l.Since.Add(opts.Settle)); err != nil {
		return l, err
	}
	if err := opts.step(ctx, "copying %d shards into %d", l.Shards, n); err != nil {
		return l, err
	}
	copied, err := r.copyLayout(ctx, storeID, day, l.Shards, n)
	rep.Copied += copied
	if err != nil {
		return l, err
	}
	if err := opts.step(ctx, "lists read %d shards", n); err != nil {
		return l, err
	}
	return r.changeLayout(ctx, storeID, day, l, DayLayout{Shards: n, Drop: l.Shards})
}

// dropPhase is step 4: the old layout's copies deleted.
func (r *Repository) dropPhase(ctx context.Context, storeID, day string, l DayLayout, n int, opts ReshardOptions, rep *ReshardReport) error {
	if l.Shards != n {
		return fmt.Errorf("%w: to %d", ErrReshardUnderWay, l.Shards)
	}
	if err := r.waitUntil(ctx, l.Since.Add(opts.Settle)); err != nil {
		return err
	}
	if err := opts.step(ctx, "deleting the copies of %d shards", l.Drop); err != nil {
		return err
	}
	deleted, err := r.dropLayout(ctx, storeID, day, l.Drop)
	rep.Deleted += deleted
	if err != nil {
		return err
	}
	_, err = r.changeLayout(ctx, storeID, day, l, DayLayout{Shards: n})
	return err
}

// changeLayout moves the day's layout from l to next, if it is still l.
func (r *Repository) changeLayout(ctx context.Context, storeID, day string, l, next DayLayout) (DayLayout, error) {
	next.version = l.version
	out, err := r.putDayLayout(ctx, storeID, day, next, kv.IfVersion(l.version))
	if errors.Is(err, kv.ErrConditionFailed) {
		return DayLayout{}, fmt.Errorf("%w: the layout changed meanwhile", ErrReshardUnderWay)
	}
	return out, err
}

// copyLayout writes every copy of the layout of from shards into the
// layout of to shards, unless one as new is there; it returns how many it
// wrote.
func (r *Repository) copyLayout(ctx context.Context, storeID, day string, from, to int) (int, error) {
	var copied atomic.Int64
	for shard := range from {
		err := r.eachPage(ctx, storeDayShardPK(storeID, day, shard, from), func(items []kv.Item) error {
			g, gctx := errgroup.WithContext(ctx)
			g.SetLimit(reshardWorkers)
			for _, it := range items {
				g.Go(func() error {
					moved := it
					moved.PK = storeDayShardPK(storeID, day, orderShard(it.SK, to), to)
					err := r.store.Put(gctx, moved, kv.IfVersionBelow(it.Version))
					if err == nil {
						copied.Add(1)
					}
					if errors.Is(err, kv.ErrConditionFailed) {
						return nil
					}
					return err
				})
			}
			return g.Wait()
		})
		if err != nil {
			return int(copied.Load()), err
		}
	}
	return int(copied.Load()), nil
}

// dropLayout deletes every copy of the layout of n shards; it returns how
// many it deleted.
func (r *Repository) dropLayout(ctx context.Context, storeID, day string, n int) (int, error) {
	deleted := 0
	for shard := range n {
		err := r.eachPage(ctx, storeDayShardPK(storeID, day, shard, n), func(items []kv.Item) error {
			keys := make([]kv.Key, len(items))
			for i, it := range items {
				keys[i] = it.Key()
			}
			if err := r.store.WriteBatch(ctx, nil, keys); err != nil {
				return err
			}
			deleted += len(keys)
			return nil
		})
		if err != nil {
			return deleted, err
		}
	}
	return deleted, nil
}

// eachPage hands every page of a partition to fn, in sort-key order.
func (r *Repository) eachPage(ctx context.Context, pk string, fn func([]kv.Item) error) error {
	q := kv.Query{PK: pk, Limit: kv.MaxPageLimit}
	for {
		page, err := r.store.Query(ctx, q)
		if err != nil {
			return fmt.Errorf("read %s: %w", pk, err)
		}
		if err := fn(page.Items); err != nil {
			return err
		}
		if page.Cursor == "" {
			return nil
		}
		q.Cursor = page.Cursor
	}
}

// waitUntil waits until the repository's clock reads at, or ctx ends.
func (r *Repository) waitUntil(ctx context.Context, at time.Time) error {
	d := at.Sub(r.now())
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
