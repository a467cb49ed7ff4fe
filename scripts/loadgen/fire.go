package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ordercenter/ordercenter/shared/auth"
)

// body is one order from the demo catalog: unlimited items, above the
// store's minimum.
const body = `{"store_id":"s-lanzhou","items":[{"sku_id":"beef-noodle-soup","qty":1},` +
	`{"sku_id":"braised-egg","qty":2}],"delivery":{"name":"Li","phone":"13800001234","address":"1 Long Road"}}`

// report is what a run measured.
type report struct {
	elapsed  time.Duration
	lat      []time.Duration
	statuses map[int]int
	errors   int
}

// fire makes n calls of the body, c at a time, each of a new user.
func fire(url string, secret []byte, body string, n, c int, timeout time.Duration) (*report, error) {
	tokens, err := signTokens(secret, n)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: c, MaxConnsPerHost: c}}
	r := &report{statuses: map[int]int{}}
	var next atomic.Int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := time.Now()
	for range c {
		wg.Go(func() {
			for i := next.Add(1) - 1; i < int64(n) && ctx.Err() == nil; i = next.Add(1) - 1 {
				t0 := time.Now()
				status := call(ctx, client, url, body, tokens[i], fmt.Sprintf("load-%d-%d", start.UnixNano(), i))
				d := time.Since(t0)
				mu.Lock()
				r.lat = append(r.lat, d)
				if status == 0 {
					r.errors++
				} else {
					r.statuses[status]++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	r.elapsed = time.Since(start)
	return r, nil
}

func call(ctx context.Context, client *http.Client, url, body, token, key string) int {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader([]byte(body)))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Idempotency-Key", key)
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return 0
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// signTokens signs one user token per call, before the clock starts.
func signTokens(secret []byte, n int) ([]string, error) {
	run := time.Now().UnixNano()
	out := make([]string, n)
	for i := range out {
		tok, err := auth.Sign(secret, auth.Principal{Subject: fmt.Sprintf("load-%d-%d", run, i),
			Role: auth.RoleUser}, time.Hour, time.Now())
		if err != nil {
			return nil, err
		}
		out[i] = tok
	}
	return out, nil
}

func (r *report) print(w io.Writer, n, c int) {
	slices.Sort(r.lat)
	pct := func(p float64) time.Duration {
		if len(r.lat) == 0 {
			return 0
		}
		return r.lat[min(len(r.lat)-1, int(float64(len(r.lat))*p))].Round(10 * time.Microsecond)
	}
	fmt.Fprintf(w, "calls %d, %d in flight, %s: %.0f calls/s\n", len(r.lat), c, r.elapsed.Round(time.Millisecond),
		float64(len(r.lat))/r.elapsed.Seconds())
	fmt.Fprintf(w, "latency p50 %s  p90 %s  p99 %s  max %s\n", pct(0.50), pct(0.90), pct(0.99), pct(1))
	fmt.Fprintf(w, "statuses %v, transport errors %d\n", r.statuses, r.errors)
}
