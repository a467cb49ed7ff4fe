package function

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/payment/sandbox"
	"github.com/ordercenter/ordercenter/shared/signature"
)

// BenchmarkVerifiedCallbacks measures verified payment.succeeded
// callbacks through the handler on the embedded store, fsync'd as the
// runner keeps it: each pays a fresh order (master, copies, timeline,
// ledger entry and day index item), or delivers the same payment again
// (a duplicate: nothing is written). It reports callbacks/s and the p50
// and p99 latency.
//
//	go test -run '^$' -bench VerifiedCallbacks -benchtime 2000x ./functions/pay-callback/
func BenchmarkVerifiedCallbacks(b *testing.B) {
	for _, dup := range []bool{false, true} {
		b.Run(map[bool]string{false: "new-payment", true: "duplicate"}[dup], func(b *testing.B) {
			benchCallbacks(b, dup)
		})
	}
}

func benchCallbacks(b *testing.B, duplicate bool) {
	r := newRig(b, backends.BoltDurable(b), nil)
	reqs := make([]handler.Request, b.N)
	var shared []byte
	for i := range reqs {
		if i == 0 || !duplicate {
			ev := sandbox.Event{EventID: fmt.Sprintf("evt-%d", i), Type: sandbox.TypePaymentSucceeded,
				OrderID: r.newOrder(b), TxnID: fmt.Sprintf("txn-%d-%s", i, randomHex(4)), Amount: 5800, Currency: "CNY"}
			shared, _ = json.Marshal(ev)
		}
		reqs[i] = handler.Request{Method: http.MethodPost, Body: shared,
			Header: http.Header{signature.HeaderName: {signature.Sign([]byte("whsec-current"), time.Now(), shared)}}}
		reqs[i].WithContext(context.Background())
	}
	lat := make([]time.Duration, b.N)
	var next sync.Mutex
	i := 0
	b.SetParallelism(8) // 16 callbacks in flight on 2 cores
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			next.Lock()
			n := i
			i++
			next.Unlock()
			t0 := time.Now()
			resp, _ := r.fn.Handle(reqs[n])
			lat[n] = time.Since(t0)
			if resp.StatusCode != 200 {
				b.Errorf("callback answered %d %s", resp.StatusCode, resp.Body)
			}
		}
	})
	elapsed := time.Since(start)
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "callbacks/s")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}
