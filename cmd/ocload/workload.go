package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
)

// workload is the mixed workload (a source): each arrival is an
// operation drawn from the mix, on a store drawn with a skew (Zipf: a few
// hot stores take most orders), by a user drawn evenly; lifecycle steps
// take the oldest order waiting for them. Every random choice is made
// under one lock from one seeded generator.
type workload struct {
	target target
	client *http.Client
	mix    mix
	shops  []shop
	tokens principals
	pay    payer
	// limited: every order also takes a unit of its store's limited item.
	limited bool
	// runID makes this run's idempotency keys and refund ids its own.
	runID string
	seq   atomic.Int64
	pools *pools

	mu   sync.Mutex
	rng  *rand.Rand
	zipf *rand.Zipf
}

// target is where the calls go.
type target struct {
	// base is the order center's URL (functions under /function/).
	base string
	// catalog is the catalog's URL (browse).
	catalog string
}

// newWorkload builds the workload over shops; skew is the Zipf exponent
// (> 1; larger: hotter hot stores).
func newWorkload(t target, client *http.Client, m mix, stores []shop, tokens principals, pay payer,
	skew float64, seed uint64, runID string) (*workload, error) {
	if len(stores) == 0 {
		return nil, fmt.Errorf("no open store with an item to order")
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x0c10ad))
	return &workload{target: t, client: client, mix: m, shops: stores, tokens: tokens, pay: pay, runID: runID,
		pools: newPools(), rng: rng, zipf: rand.NewZipf(rng, skew, 1, uint64(len(stores)-1))}, nil
}

// next draws the next arrival's task.
func (w *workload) next() task {
	w.mu.Lock()
	defer w.mu.Unlock()
	op := w.mix.pick(w.rng)
	for {
		if t, ok := w.build(op); ok {
			return t
		}
		op = previous[op]
	}
}

// build makes op's task, or false when op needs an order and none waits
// in the state it needs.
func (w *workload) build(op string) (task, bool) {
	var o liveOrder
	if state, ok := needs[op]; ok {
		if o, ok = w.pools.take(state); !ok {
			return task{}, false
		}
	}
	switch op {
	case opBrowse:
		return w.browse(w.store()), true
	case opPlace:
		return w.place(w.store(), w.rng.IntN(len(w.tokens.users))), true
	case opPay:
		return w.payTask(o), true
	case opPickup:
		o.rider = w.rng.IntN(len(w.tokens.riders))
		return w.step(op, o), true
	case opAccept, opReady, opDeliver, opConfirm, opCancel:
		return w.step(op, o), true
	case opRefund:
		return w.refund(o), true
	case opGetOrder:
		o, ok := w.pools.anyRecent(w.rng.IntN(recentOrders))
		return w.getOrder(o), ok
	case opMyOrders:
		user := w.rng.IntN(len(w.tokens.users))
		if o, ok := w.pools.anyRecent(w.rng.IntN(recentOrders)); ok {
			user = o.user
		}
		return w.myOrders(user), true
	case opStoreOrders:
		return w.storeOrders(w.store()), true
	}
	panic("ocload: no task for operation " + op)
}

// store draws a store, the hot ones first.
func (w *workload) store() int { return int(w.zipf.Uint64()) }

// key returns a fresh idempotency key (or refund id) of this run.
func (w *workload) key(prefix string) string {
	return fmt.Sprintf("%s-%s-%d", prefix, w.runID, w.seq.Add(1))
}

// preload places n orders before the clock starts (16 at a time, not
// measured), so that the reads have orders to find; they wait unpaid
// for the lifecycle steps.
func (w *workload) preload(ctx context.Context, n int) error {
	var next, failed atomic.Int64
	var placers sync.WaitGroup
	for range min(n, 16) {
		placers.Go(func() {
			for next.Add(1) <= int64(n) && ctx.Err() == nil {
				w.mu.Lock()
				t := w.place(w.store(), w.rng.IntN(len(w.tokens.users)))
				w.mu.Unlock()
				if oc := t.run(ctx); !oc.ok {
					failed.Add(1)
				}
			}
		})
	}
	placers.Wait()
	if f := failed.Load(); f > 0 {
		return fmt.Errorf("preload: %d of %d orders were refused", f, n)
	}
	return ctx.Err()
}
