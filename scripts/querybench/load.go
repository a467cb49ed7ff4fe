package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"slices"
	"sync"
	"syscall"
	"time"
)

// result is what a load run measured.
type result struct {
	ok, failed int
	elapsed    time.Duration
	latencies  []time.Duration // of the successful calls, sorted
	cpu        time.Duration   // user and system time of this process (client and in-process server)
}

// load sends requests from o.concurrency keep-alive clients until
// o.duration has passed.
func load(ctx context.Context, t target, o options) (result, error) {
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		MaxIdleConns: o.concurrency, MaxIdleConnsPerHost: o.concurrency, IdleConnTimeout: time.Minute}}
	ctx, cancel := context.WithTimeout(ctx, o.duration)
	defer cancel()
	var (
		mu  sync.Mutex
		res result
		wg  sync.WaitGroup
	)
	start, cpuStart := time.Now(), cpuTime()
	for w := range o.concurrency {
		wg.Go(func() {
			r := worker(ctx, client, t, o.query, w)
			mu.Lock()
			res.ok, res.failed = res.ok+r.ok, res.failed+r.failed
			res.latencies = append(res.latencies, r.latencies...)
			mu.Unlock()
		})
	}
	wg.Wait()
	res.elapsed, res.cpu = time.Since(start), cpuTime()-cpuStart
	slices.Sort(res.latencies)
	if res.ok == 0 {
		return res, fmt.Errorf("no request succeeded (%d failed)", res.failed)
	}
	return res, nil
}

// worker sends one request after another until ctx ends.
func worker(ctx context.Context, client *http.Client, t target, query string, w int) result {
	var r result
	for i := w; ctx.Err() == nil; i++ {
		path := t.page
		if query == "get" || (query == "mix" && i%2 == 0) {
			path = t.orders[i%len(t.orders)]
		}
		begin := time.Now()
		ok := get(ctx, client, t.base+path, t.token)
		switch {
		case ok:
			r.ok++
			r.latencies = append(r.latencies, time.Since(begin))
		case ctx.Err() == nil:
			r.failed++
		}
	}
	return r
}

func get(ctx context.Context, client *http.Client, url, token string) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return false
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode == http.StatusOK
}

func (r result) print(w io.Writer) {
	pct := func(p float64) time.Duration { return r.latencies[int(float64(len(r.latencies)-1)*p)] }
	fmt.Fprintf(w, "requests: %d ok, %d failed in %s\n", r.ok, r.failed, r.elapsed.Round(time.Millisecond))
	fmt.Fprintf(w, "queries/s: %.0f\n", float64(r.ok)/r.elapsed.Seconds())
	fmt.Fprintf(w, "latency: p50 %s  p90 %s  p99 %s  p99.9 %s  max %s\n",
		pct(0.50).Round(time.Microsecond), pct(0.90).Round(time.Microsecond), pct(0.99).Round(time.Microsecond),
		pct(0.999).Round(time.Microsecond), r.latencies[len(r.latencies)-1].Round(time.Microsecond))
	perQuery := r.cpu / time.Duration(r.ok+r.failed)
	fmt.Fprintf(w, "cpu: %s per query (client and server together; %d cores could serve about %.0f/s if this process had them to itself)\n",
		perQuery.Round(time.Microsecond), runtime.NumCPU(), float64(runtime.NumCPU())*float64(time.Second)/float64(perQuery))
}

// cpuTime is the user and system time this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
