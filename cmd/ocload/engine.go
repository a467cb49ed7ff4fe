package main

import (
	"context"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"
)

// task is one arrival's work: the operation it is, and the call.
type task struct {
	op  string
	run func(ctx context.Context) outcome
}

// source hands out the next arrival's task. It is safe for concurrent
// use (the closed loop's workers call it at once).
type source interface {
	next() task
}

// engine drives a source's tasks at a profile's arrivals and records
// them.
//
// Open loop (workers 0): arrival k is due at the schedule's k-th offset,
// whatever became of the earlier ones, and runs in a goroutine of its
// own; its latency is its answer time minus that intended time, so a
// server that stalls is charged for every arrival it holds up (no
// coordinated omission). At most maxInFlight run at once: an arrival due
// while that many are in flight waits for one to end (it is counted
// late, and its latency still runs from its intended time); arrivals
// that have not started a timeout after the profile's end are dropped
// (counted, never sent).
//
// Closed loop (workers > 0): that many workers each send one call after
// another until the profile's length passes (or limit calls were
// started), as scripts/loadgen and scripts/querybench did; the latency
// runs from each call's own start.
type engine struct {
	profile     profile
	poisson     bool
	rng         *rand.Rand
	maxInFlight int
	workers     int
	limit       int64
	// timeout bounds each call (the client's), and how long after the
	// profile's end a waiting arrival may still start.
	timeout time.Duration
	source  source
	rec     *recorder
}

// run drives the load until the profile ends (or ctx does) and every
// call started has ended.
func (e *engine) run(ctx context.Context) {
	if e.workers > 0 {
		e.closedLoop(ctx)
		return
	}
	e.openLoop(ctx)
}

func (e *engine) openLoop(ctx context.Context) {
	sched := &schedule{p: e.profile, poisson: e.poisson, rng: e.rng}
	slots := make(chan struct{}, e.maxInFlight)
	giveUp := e.rec.start.Add(e.profile.length + e.timeout)
	var calls sync.WaitGroup
	for {
		off, ok := sched.next()
		if !ok {
			break
		}
		e.rec.arrive(off)
		at := e.rec.start.Add(off)
		if !sleepUntil(ctx, at) {
			break
		}
		if !e.takeSlot(ctx, slots, giveUp) {
			if ctx.Err() == nil {
				e.dropRest(sched)
			}
			break
		}
		t := e.source.next()
		e.rec.inFlight.Add(1)
		calls.Go(func() {
			defer func() { <-slots; e.rec.inFlight.Add(-1) }()
			oc := t.run(ctx)
			e.rec.record(t.op, at, time.Now(), oc)
		})
	}
	calls.Wait()
}

// takeSlot takes a place among the calls in flight, waiting (and counting
// the arrival late) when there is none, until giveUp.
func (e *engine) takeSlot(ctx context.Context, slots chan struct{}, giveUp time.Time) bool {
	select {
	case slots <- struct{}{}:
		return true
	default:
	}
	e.rec.late.Add(1)
	wait := time.NewTimer(time.Until(giveUp))
	defer wait.Stop()
	select {
	case slots <- struct{}{}:
		return true
	case <-wait.C:
		return false
	case <-ctx.Done():
		return false
	}
}

// dropRest counts the arrival that could not start and every later one
// of the schedule as dropped.
func (e *engine) dropRest(sched *schedule) {
	e.rec.dropped.Add(1)
	for off, ok := sched.next(); ok; off, ok = sched.next() {
		e.rec.arrive(off)
		e.rec.dropped.Add(1)
	}
}

func (e *engine) closedLoop(ctx context.Context) {
	stop := e.rec.start.Add(e.profile.length)
	var started atomic.Int64
	var workers sync.WaitGroup
	for range e.workers {
		workers.Go(func() {
			for ctx.Err() == nil && time.Now().Before(stop) && (e.limit == 0 || started.Add(1) <= e.limit) {
				t := e.source.next()
				begin := time.Now()
				e.rec.arrive(begin.Sub(e.rec.start))
				e.rec.inFlight.Add(1)
				oc := t.run(ctx)
				e.rec.inFlight.Add(-1)
				e.rec.record(t.op, begin, time.Now(), oc)
			}
		})
	}
	workers.Wait()
}

// sleepUntil waits until t, or returns false when ctx ends first.
func sleepUntil(ctx context.Context, t time.Time) bool {
	d := time.Until(t)
	if d <= 0 {
		return ctx.Err() == nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-ctx.Done():
		return false
	}
}
