package main

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// startProgress prints a line a second to w: the second's arrivals due
// (and the profile's rate then), calls answered, failures, calls in
// flight, the second's p50 and p99, and the late and dropped arrivals so
// far. It returns what stops it.
func startProgress(rec *recorder, p profile, w io.Writer) func() {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case now := <-tick.C:
				fmt.Fprintln(w, progressLine(rec, p, now))
			}
		}
	})
	return func() { close(done); wg.Wait() }
}

func progressLine(rec *recorder, p profile, now time.Time) string {
	answered, failed, due, sum := rec.lastSecond(now)
	elapsed := now.Sub(rec.start).Truncate(time.Second)
	target := ""
	if p.rate != nil && elapsed <= p.length {
		target = fmt.Sprintf(" (rate %.0f/s)", p.rate(elapsed-time.Second/2))
	}
	return fmt.Sprintf("%6s  due %5d%s  answered %5d  failed %3d  in flight %4d  p50 %8s  p99 %8s  late %d  dropped %d",
		elapsed, due, target, answered, failed, rec.inFlight.Load(), formatLatency(sum.p50), formatLatency(sum.p99),
		rec.late.Load(), rec.dropped.Load())
}
