package function

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/timers"
)

// BenchmarkPaidHoldsChecks measures the sweeper's cost in the common
// case: paid orders whose order.paid came (the event path confirmed
// their holds), whose checks the lost-paid-holds task judges and drops;
// 200 (a batch) a run. Reported per check.
func BenchmarkPaidHoldsChecks(b *testing.B) {
	stores := []struct {
		name string
		open func(testing.TB) kv.Store
	}{{"bolt", func(t testing.TB) kv.Store { return backends.Bolt(t) }}}
	if os.Getenv("DYNAMODB_ENDPOINT") != "" {
		stores = append(stores, struct {
			name string
			open func(testing.TB) kv.Store
		}{"dynamodb", func(t testing.TB) kv.Store { return backends.DynamoDB(t) }})
	}
	for _, s := range stores {
		b.Run(s.name, func(b *testing.B) {
			r := newLostRig(b, s.open(b))
			sw := New(nil, lostEventTasks(r.repo, r.refunds, r.holds, timers.Config{Now: r.clock.Now})...)
			checks := 0
			for i := 0; b.Loop(); i++ {
				b.StopTimer()
				for j := range 200 {
					id := r.placePaid(b, fmt.Sprintf("u-%d-%d", i, j))
					if _, err := r.holds.FinishPaid(context.Background(), id); err != nil {
						b.Fatal(err)
					}
				}
				r.clock.Advance(3 * time.Minute)
				b.StartTimer()
				_, hs := handoffs(b, sw)
				if hs.Already != 200 {
					b.Fatalf("run %+v, want 200 already confirmed", hs)
				}
				checks += hs.Due
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(checks), "µs/check")
		})
	}
}
