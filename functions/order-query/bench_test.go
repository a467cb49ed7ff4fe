package function

import (
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore/orderstoretest"
)

// The hot queries through the function's handler on the embedded store
// (fsync'd, as the local runner opens it), with real tokens: queries/s and
// the latency percentiles of the calls. The HTTP round trip is measured by
// cmd/ocload (-preload 200 -mix get-order=1 or store-orders=1 -profile
// closed).

func BenchmarkGetOrder(b *testing.B) {
	f := newFixture(b, backends.BoltDurable(b), time.Time{})
	ids := make([]string, 100)
	for i := range ids {
		ids[i] = orderstoretest.Place(b, f.repo, orderstoretest.Spec{}).OrderID
	}
	user := order.Actor{Role: order.RoleUser, ID: "u-1"}
	benchQueries(b, f, func(i int) handler.Request { return request(b, user, "/orders/"+ids[i%len(ids)]) })
}

// BenchmarkStoreFirstPage reads the newest 20 of a store's 200 orders of
// today, as its merchant (phones masked).
func BenchmarkStoreFirstPage(b *testing.B) {
	f := newFixture(b, backends.BoltDurable(b), time.Time{})
	today := time.Now().In(f.fn.location).Format(dayLayout)
	placeMany(b, f.repo, orderstoretest.Spec{StoreID: "s-bench", Day: today}, 200)
	merchant := orderstoretest.Merchant("s-bench")
	benchQueries(b, f, func(int) handler.Request { return request(b, merchant, "/stores/s-bench/orders") })
}

// benchQueries calls the handler in parallel and reports queries/s and
// the p50 and p99 latencies in microseconds.
func benchQueries(b *testing.B, f *fixture, req func(i int) handler.Request) {
	var (
		mu  sync.Mutex
		all []time.Duration
	)
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		var lat []time.Duration
		for i := 0; pb.Next(); i++ {
			r := req(i)
			t0 := time.Now()
			resp, err := f.fn.Handle(r)
			lat = append(lat, time.Since(t0))
			if err != nil || resp.StatusCode != http.StatusOK {
				b.Fatalf("answered %d %s, %v", resp.StatusCode, resp.Body, err)
			}
		}
		mu.Lock()
		all = append(all, lat...)
		mu.Unlock()
	})
	elapsed := time.Since(start)
	b.StopTimer()
	slices.Sort(all)
	b.ReportMetric(float64(len(all))/elapsed.Seconds(), "queries/s")
	b.ReportMetric(float64(all[len(all)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(all[len(all)*99/100].Microseconds()), "p99-µs")
}
