package main

import (
	"encoding/json"
	"os"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"
)

// report is what a run measured, as the summary, the JSON file and the
// HTML page tell it. Latencies are in milliseconds.
type report struct {
	Command  string    `json:"command"`
	Started  time.Time `json:"started"`
	Target   string    `json:"target"`
	Profile  string    `json:"profile"`
	Arrivals string    `json:"arrivals"`
	Mix      string    `json:"mix"`
	// Seconds is from the start to the last answer.
	Seconds    float64        `json:"seconds"`
	Counts     counts         `json:"counts"`
	All        opReport       `json:"all"`
	Operations []opReport     `json:"operations"`
	Timeline   []secondReport `json:"timeline"`
	// Waiting is how many orders the run left in each state.
	Waiting map[string]int `json:"orders_waiting"`
	CPU     cpuReport      `json:"cpu"`
}

// counts are the run's arrivals.
type counts struct {
	Due      int64 `json:"due"`
	Answered int64 `json:"answered"`
	Failed   int64 `json:"failed"`
	Late     int64 `json:"late"`
	Dropped  int64 `json:"dropped"`
}

// opReport is one operation's figures (or every operation's, as All).
type opReport struct {
	Name     string           `json:"name"`
	Calls    int64            `json:"calls"`
	Failed   int64            `json:"failed"`
	Failures map[string]int64 `json:"failures,omitempty"`
	Rate     float64          `json:"rate_per_second"`
	Latency  latencyReport    `json:"latency_ms"`
	// Percentiles are the latency at each of plotPercentiles.
	Percentiles []quantile `json:"percentiles"`
	hist        *hdrhistogram.Histogram
}

type latencyReport struct {
	P50  float64 `json:"p50"`
	P90  float64 `json:"p90"`
	P99  float64 `json:"p99"`
	P999 float64 `json:"p99_9"`
	Max  float64 `json:"max"`
	Mean float64 `json:"mean"`
}

type quantile struct {
	Percentile float64 `json:"percentile"`
	Ms         float64 `json:"ms"`
}

// secondReport is one second of the run: the arrivals due in it (by
// intended time), and the calls answered in it with their latencies.
type secondReport struct {
	Second     int     `json:"second"`
	TargetRate float64 `json:"target_rate,omitempty"`
	Due        int64   `json:"due"`
	Answered   int64   `json:"answered"`
	Failed     int64   `json:"failed"`
	P50        float64 `json:"p50_ms"`
	P99        float64 `json:"p99_ms"`
	Max        float64 `json:"max_ms"`
}

// cpuReport is this process's CPU time over the run: the client's, and
// the server's too under -serve.
type cpuReport struct {
	Seconds       float64 `json:"seconds"`
	PerCallMicros float64 `json:"per_call_us"`
	Cores         int     `json:"cores"`
}

// plotPercentiles are the percentiles the report lists and plots.
var plotPercentiles = []float64{10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.999}

// newReport summarises rec at the end of a run of p.
func newReport(rec *recorder, p profile, end time.Time) *report {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	elapsed := end.Sub(rec.start).Seconds()
	r := &report{Started: rec.start, Profile: p.name, Seconds: elapsed,
		Counts: counts{Due: rec.due.Load(), Late: rec.late.Load(), Dropped: rec.dropped.Load()}}
	all := newHistogram(3)
	allFailures := map[string]int64{}
	for _, name := range reportOrder(rec.names) {
		s := rec.ops[name]
		all.Merge(s.latency)
		for k, v := range s.failures {
			allFailures[k] += v
		}
		r.Operations = append(r.Operations, newOpReport(name, s.latency, s.failures, elapsed))
	}
	r.All = newOpReport("all", all, allFailures, elapsed)
	r.Counts.Answered, r.Counts.Failed = r.All.Calls, r.All.Failed
	for i, s := range rec.timeline {
		s.close()
		sr := secondReport{Second: i, Due: s.due, Answered: s.answered, Failed: s.failed,
			P50: ms(s.summary.p50), P99: ms(s.summary.p99), Max: ms(s.summary.max)}
		if p.rate != nil && time.Duration(i)*time.Second < p.length {
			sr.TargetRate = p.rate(time.Duration(i)*time.Second + time.Second/2)
		}
		r.Timeline = append(r.Timeline, sr)
	}
	return r
}

// reportOrder puts the workload's operations first, in their order.
func reportOrder(names []string) []string {
	out := slices.Clone(names)
	slices.SortStableFunc(out, func(a, b string) int { return rank(a) - rank(b) })
	return out
}

func rank(op string) int {
	if i := slices.Index(operations, op); i >= 0 {
		return i
	}
	return len(operations)
}

func newOpReport(name string, h *hdrhistogram.Histogram, failures map[string]int64, elapsed float64) opReport {
	op := opReport{Name: name, Calls: h.TotalCount(), Failures: failures, hist: h,
		Latency: latencyReport{P50: pct(h, 50), P90: pct(h, 90), P99: pct(h, 99), P999: pct(h, 99.9),
			Max: ms(micros(h.Max())), Mean: h.Mean() / 1000}}
	for _, n := range failures {
		op.Failed += n
	}
	if elapsed > 0 {
		op.Rate = float64(op.Calls) / elapsed
	}
	for _, q := range plotPercentiles {
		op.Percentiles = append(op.Percentiles, quantile{Percentile: q, Ms: pct(h, q)})
	}
	return op
}

func pct(h *hdrhistogram.Histogram, q float64) float64 { return ms(micros(h.ValueAtQuantile(q))) }

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// describe adds what the run was: the command, target, mix and CPU.
func (r *report) describe(o options, base string, waiting map[string]int, cpu time.Duration) {
	r.Command = strings.Join(append([]string{"ocload"}, os.Args[1:]...), " ")
	r.Target = base
	if o.serve {
		r.Target += " (served in-process)"
	}
	r.Arrivals = o.arrivals + " arrivals"
	if o.profile == profileClosed {
		r.Arrivals = "closed loop"
	}
	r.Mix, r.Waiting = o.mix, waiting
	r.CPU = cpuReport{Seconds: cpu.Seconds(), Cores: runtime.NumCPU()}
	if r.Counts.Answered > 0 {
		r.CPU.PerCallMicros = float64(cpu.Microseconds()) / float64(r.Counts.Answered)
	}
}

func (r *report) writeJSONFile(path string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// cpuTime is the user and system time this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
