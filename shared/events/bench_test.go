package events_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/events/eventstest"
	"github.com/ordercenter/ordercenter/shared/order"
)

// BenchmarkPublish publishes one event per call and waits for the stream's
// acknowledgement, from several goroutines; events/s is the throughput.
func BenchmarkPublish(b *testing.B) {
	srv := eventstest.Start(b)
	pub, err := events.NewPublisher(srv.Connect(), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.SetParallelism(8)
	start := time.Now()
	var n int64
	b.RunParallel(func(pb *testing.PB) {
		for i := 0; pb.Next(); i++ {
			e := order.Event{EventID: fmt.Sprintf("bench-%d-%d", time.Now().UnixNano(), i), Type: order.EventPaid,
				OrderID: "o-bench", OrderVersion: 2, OccurredAt: time.Now()}
			if err := pub.Publish(context.Background(), []order.Event{e}); err != nil {
				b.Fatal(err)
			}
		}
	})
	n = int64(b.N)
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "events/s")
}
