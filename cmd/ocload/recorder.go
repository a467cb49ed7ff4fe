package main

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"
)

// Histogram bounds, in microseconds: 1 µs to 10 min, 3 significant
// digits per operation and 2 per second of the timeline.
const (
	lowestMicros  = 1
	highestMicros = int64(10 * time.Minute / time.Microsecond)
)

func newHistogram(digits int) *hdrhistogram.Histogram {
	return hdrhistogram.New(lowestMicros, highestMicros, digits)
}

// recordLatency adds d to h, clamped to h's range.
func recordLatency(h *hdrhistogram.Histogram, d time.Duration) {
	_ = h.RecordValue(min(max(d.Microseconds(), lowestMicros), highestMicros))
}

// recorder collects what a run measured: per operation, every latency
// (answer time minus intended send time) in an HDR histogram and the
// failures by status; per second of the run, the arrivals due, the calls
// answered, the failures and their latencies (keyed by the second the
// answer came in). It is safe for concurrent use.
type recorder struct {
	start time.Time

	mu       sync.Mutex
	ops      map[string]*opStats
	names    []string // in the order first seen
	timeline []*second

	due, late, dropped atomic.Int64
	inFlight           atomic.Int64
}

// opStats is one operation's figures.
type opStats struct {
	latency  *hdrhistogram.Histogram
	failures map[string]int64 // by status ("409") or kind ("timeout")
}

// second is one second of the run. Its histogram is summarised and
// dropped once the run is two seconds past it.
type second struct {
	due, answered, failed int64
	hist                  *hdrhistogram.Histogram
	summary               windowSummary
}

// windowSummary is a closed second's latencies.
type windowSummary struct {
	p50, p99, max time.Duration
}

func newRecorder(start time.Time) *recorder {
	return &recorder{start: start, ops: map[string]*opStats{}}
}

// arrive counts an arrival due at offset at.
func (r *recorder) arrive(at time.Duration) {
	r.due.Add(1)
	r.mu.Lock()
	r.secondAt(at).due++
	r.mu.Unlock()
}

// record adds one answered (or failed) call of op, intended at intended
// and finished at done.
func (r *recorder) record(op string, intended, done time.Time, oc outcome) {
	lat := done.Sub(intended)
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.ops[op]
	if s == nil {
		s = &opStats{latency: newHistogram(3), failures: map[string]int64{}}
		r.ops[op] = s
		r.names = append(r.names, op)
	}
	recordLatency(s.latency, lat)
	w := r.openSecond(done.Sub(r.start))
	w.answered++
	recordLatency(w.hist, lat)
	if !oc.ok {
		s.failures[oc.label()]++
		w.failed++
	}
}

// secondAt returns the second holding offset t, adding those missing.
func (r *recorder) secondAt(t time.Duration) *second {
	i := max(int(t/time.Second), 0)
	for len(r.timeline) <= i {
		r.timeline = append(r.timeline, &second{hist: newHistogram(2)})
	}
	return r.timeline[i]
}

// openSecond returns the second of offset t whose histogram is still
// kept (a late straggler goes into the oldest one kept), closing those
// two seconds or more before t.
func (r *recorder) openSecond(t time.Duration) *second {
	w := r.secondAt(t)
	i := int(t / time.Second)
	for j := i - 2; j >= 0 && r.timeline[j].hist != nil; j-- {
		r.timeline[j].close()
	}
	for w.hist == nil && i+1 < len(r.timeline) {
		i++
		w = r.timeline[i]
	}
	return w
}

func (s *second) close() {
	if s.hist == nil {
		return
	}
	s.summary = summarise(s.hist)
	s.hist = nil
}

func summarise(h *hdrhistogram.Histogram) windowSummary {
	return windowSummary{p50: micros(h.ValueAtQuantile(50)), p99: micros(h.ValueAtQuantile(99)), max: micros(h.Max())}
}

func micros(v int64) time.Duration { return time.Duration(v) * time.Microsecond }

// lastSecond returns the figures of the second before now's (the last
// full one) for the live progress line.
func (r *recorder) lastSecond(now time.Time) (answered, failed, due int64, sum windowSummary) {
	r.mu.Lock()
	defer r.mu.Unlock()
	i := int(now.Sub(r.start)/time.Second) - 1
	if i < 0 || i >= len(r.timeline) {
		return 0, 0, 0, windowSummary{}
	}
	s := r.timeline[i]
	if s.hist != nil {
		sum = summarise(s.hist)
	} else {
		sum = s.summary
	}
	return s.answered, s.failed, s.due, sum
}
