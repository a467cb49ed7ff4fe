package connector_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/cmd/internal/connector"
	"github.com/ordercenter/ordercenter/shared/order"
)

// BenchmarkDelivery is the rate of events delivered through the gateway
// to a function that answers 200 at once (events/s), every event
// published before the connector starts.
func BenchmarkDelivery(b *testing.B) {
	bus := newBus(b)
	var got atomic.Int64
	done := make(chan struct{})
	n := int64(b.N)
	gw := gateway(b, map[string]http.Handler{"trivial": http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if got.Add(1) == n {
			close(done)
		}
	})})
	bus.publish(b, order.EventPaid, "e", b.N)
	b.ResetTimer()
	bus.run(b, []connector.Subscription{{Function: "trivial", Subjects: paidOnly}}, connector.NewHTTP(gw.URL, time.Second), fast())
	<-done
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkLatency is the time from an event's publication (the commit
// that made it is just before) to the function's call, one event at a
// time: p50 and p99.
func BenchmarkLatency(b *testing.B) {
	bus := newBus(b)
	var mu sync.Mutex
	var lat []time.Duration
	called := make(chan struct{}, 1)
	gw := gateway(b, map[string]http.Handler{"trivial": http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var e order.Event
		_ = json.NewDecoder(r.Body).Decode(&e)
		mu.Lock()
		lat = append(lat, time.Since(e.OccurredAt))
		mu.Unlock()
		called <- struct{}{}
	})})
	bus.run(b, []connector.Subscription{{Function: "trivial", Subjects: paidOnly}}, connector.NewHTTP(gw.URL, time.Second), fast())
	b.ResetTimer()
	for i := range b.N {
		e := order.Event{EventID: "e-" + strconv.Itoa(i), Type: order.EventPaid, OrderID: "o-1", OrderVersion: 2, OccurredAt: time.Now()}
		if err := bus.pub.Publish(context.Background(), []order.Event{e}); err != nil {
			b.Fatal(err)
		}
		<-called
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
}
