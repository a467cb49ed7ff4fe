package events_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/events/eventstest"
	"github.com/ordercenter/ordercenter/shared/order"
)

// BenchmarkPublish publishes one event per call and waits for the stream's
// acknowledgement, from several goroutines; events/s is the throughput.
// It runs on one server and on a cluster of three (R3), with JetStream's
// default periodic fsync and with sync_interval: always (the deploy
// manifests' setting), to show what durability costs.
func BenchmarkPublish(b *testing.B) {
	for _, c := range []struct {
		name    string
		servers int
		opts    []eventstest.Option
	}{
		{"one server/periodic fsync", 1, nil},
		{"one server/fsync always", 1, []eventstest.Option{eventstest.SyncAlways}},
		{"R3 cluster/periodic fsync", 3, nil},
		{"R3 cluster/fsync always", 3, []eventstest.Option{eventstest.SyncAlways}},
	} {
		b.Run(c.name, func(b *testing.B) {
			var nc *nats.Conn
			if c.servers == 1 {
				srv := eventstest.Start(b, c.opts...)
				nc = srv.Connect()
			} else {
				cluster := eventstest.StartCluster(b, c.servers, c.opts...)
				nc = cluster.Nodes[0].Connect()
			}
			benchmarkPublish(b, nc)
		})
	}
}

func benchmarkPublish(b *testing.B, nc *nats.Conn) {
	pub, err := events.NewPublisher(nc, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.SetParallelism(8)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for i := 0; pb.Next(); i++ {
			e := order.Event{EventID: fmt.Sprintf("bench-%d-%d", time.Now().UnixNano(), i), Type: order.EventPaid,
				OrderID: "o-bench", OrderVersion: 2, OccurredAt: time.Now()}
			if err := pub.Publish(context.Background(), []order.Event{e}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "events/s")
}
