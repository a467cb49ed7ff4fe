package function

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/order"
)

func TestTwoInstancesRacingSendOncePerRecipient(t *testing.T) {
	f := newFixture(t)
	a, b := f.notifier(t), f.notifier(t)
	var evs []order.Event
	var ids []string
	for i := range 50 {
		e := f.storedBy(t, order.NewID(time.Now()), order.StatusPaid, fmt.Sprintf("u-%d", i), fmt.Sprintf("s-%d", i%7))[order.EventPaid]
		evs = append(evs, e)
		ids = append(ids, e.EventID+".user", e.EventID+".merchant")
	}
	var wg sync.WaitGroup
	var retries atomic.Int64
	for _, e := range evs {
		for _, n := range []*Notifier{a, b, a, b} { // each instance, each twice
			wg.Go(func() { retries.Add(int64(notifyUntilDone(t, n, e) - 1)) })
		}
	}
	wg.Wait()
	t.Logf("%d retries of events found in progress elsewhere", retries.Load())
	f.checkOnceEach(t, ids...)
}
