package boltkv

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
)

func BenchmarkZZDelay(b *testing.B) {
	for _, sync := range []bool{false, true} {
		for _, d := range []time.Duration{50 * time.Microsecond, 200 * time.Microsecond, 500 * time.Microsecond, time.Millisecond, 2 * time.Millisecond, 10 * time.Millisecond} {
			for _, par := range []int{1, 4, 32} {
				b.Run(fmt.Sprintf("sync=%v/d=%s/par=%d", sync, d, par), func(b *testing.B) {
					s, _ := openTemp(b, Options{NoSync: !sync, MaxBatchDelay: d})
					ctx := context.Background()
					var n atomic.Int64
					b.SetParallelism(par)
					b.RunParallel(func(pb *testing.PB) {
						for pb.Next() {
							if err := s.Put(ctx, benchItem("p", int(n.Add(1))), kv.IfAbsent()); err != nil {
								b.Error(err)
								return
							}
						}
					})
				})
			}
		}
	}
}
