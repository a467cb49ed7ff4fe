package runner

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/order"
)

// BenchmarkCommitToPush measures, on the runner, how long after an order's
// payment commits the user's push reaches the (sandbox) push gateway: the
// change is published, the connector's durable consumer delivers it to
// push-notify, which sends it. One order at a time; p50 and p99 reported.
func BenchmarkCommitToPush(b *testing.B) {
	dir := b.TempDir()
	r, err := Start(context.Background(), Config{Addr: "127.0.0.1:0", DataDir: dir, SweepInterval: time.Hour,
		StackFile: filepath.Join("..", "..", "..", "stack.yml"), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close(context.Background())
	latencies := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		latencies = append(latencies, commitToPush(b, r, fmt.Sprintf("u-lat-%d", i)))
	}
	b.StopTimer()
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	b.ReportMetric(float64(latencies[len(latencies)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(latencies[len(latencies)*99/100].Microseconds())/1000, "p99-ms")
}

func commitToPush(b *testing.B, r *Runner, user string) time.Duration {
	ctx := context.Background()
	o := demoOrder(b, user)
	if _, err := ordersOf(b, r).Create(ctx, o); err != nil {
		b.Fatal(err)
	}
	committed := time.Now()
	_, err := ordersOf(b, r).Update(ctx, o.ID(), 1, func(o *order.Order) error {
		return o.Pay(order.Payment{TxnID: "t-" + o.ID(), Amount: o.Amounts().Total, Currency: o.Currency()}, time.Now())
	})
	if err != nil {
		b.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Microsecond) {
		for _, n := range r.pushSandbox.Notifications("user:"+user, o.ID()) {
			if n.Data.Event == order.EventPaid.String() {
				return n.ReceivedAt.Sub(committed)
			}
		}
	}
	b.Fatalf("no push for order %s", o.ID())
	return 0
}
