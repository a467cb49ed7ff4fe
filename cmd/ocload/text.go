package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
)

// writeText prints the summary: the run, then a line per operation
// (calls, rate, failures, p50, p90, p99, p99.9, max) and one for all.
func (r *report) writeText(w io.Writer) {
	fmt.Fprintf(w, "ocload: %s for %s (%s) against %s\n", r.Profile, time.Duration(r.Seconds*float64(time.Second)).Round(time.Millisecond), r.Arrivals, r.Target)
	fmt.Fprintf(w, "mix: %s\n", r.Mix)
	c := r.Counts
	fmt.Fprintf(w, "arrivals: %d due, %d answered (%.1f/s), %d failed, %d late, %d dropped\n\n",
		c.Due, c.Answered, r.All.Rate, c.Failed, c.Late, c.Dropped)
	fmt.Fprintf(w, "%-13s %8s %8s %7s %9s %9s %9s %9s %9s\n", "operation", "calls", "rate/s", "failed", "p50", "p90", "p99", "p99.9", "max")
	for _, op := range append(slices.Clone(r.Operations), r.All) {
		l := op.Latency
		fmt.Fprintf(w, "%-13s %8d %8.1f %7d %9s %9s %9s %9s %9s\n", op.Name, op.Calls, op.Rate, op.Failed,
			formatMs(l.P50), formatMs(l.P90), formatMs(l.P99), formatMs(l.P999), formatMs(l.Max))
	}
	if len(r.All.Failures) > 0 {
		fmt.Fprintf(w, "\nfailures:")
		for _, op := range r.Operations {
			for _, k := range slices.Sorted(maps.Keys(op.Failures)) {
				fmt.Fprintf(w, " %s %s×%d", op.Name, k, op.Failures[k])
			}
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "\norders left waiting: %s\n", formatWaiting(r.Waiting))
	fmt.Fprintf(w, "cpu: %.1fs in this process (the client, and the server when served in-process), %.0fµs per call, %d cores\n",
		r.CPU.Seconds, r.CPU.PerCallMicros, r.CPU.Cores)
}

func formatWaiting(waiting map[string]int) string {
	var parts []string
	for _, s := range []string{stateUnpaid, statePaid, stateAccepted, stateReady, stateDelivering, stateDelivered, stateCompleted} {
		if n := waiting[s]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", s, n))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// formatMs prints milliseconds with about three significant digits.
func formatMs(v float64) string {
	return formatLatency(time.Duration(v * float64(time.Millisecond)))
}

func formatLatency(d time.Duration) string {
	m := ms(d)
	switch {
	case d >= time.Second:
		return fmt.Sprintf("%.2fs", d.Seconds())
	case m >= 100:
		return fmt.Sprintf("%.0fms", m)
	case m >= 10:
		return fmt.Sprintf("%.1fms", m)
	default:
		return fmt.Sprintf("%.2fms", m)
	}
}
