package orderstore

import (
	"context"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/order"
)

// Orders waiting in a timed status are found by their due time, and only
// those; dropped timers are gone.
func TestDueTimers(t *testing.T) {
	forEachStore(t, func(t *testing.T, s kv.Store) {
		c := newClock()
		// Ten years before the other tests' orders, so that on a table they
		// share, this test's timers are the oldest due.
		c.Advance(-10 * 365 * 24 * time.Hour)
		repo := New(s, c.options(nil))
		ctx := context.Background()
		var ids []string
		for range 5 {
			c.Advance(time.Minute)
			rec, err := repo.Create(ctx, newDraftOrder(t, c.Now(), "u-timer", "s-timer"))
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, rec.OrderID)
		}
		// Payment deadlines are 15 minutes after each creation, a minute apart.
		first := c.Now().Add(-4*time.Minute + 15*time.Minute)
		due, err := repo.DueTimers(ctx, TimerPayment, first.Add(90*time.Second), 10)
		if err != nil || len(due) != 2 || due[0].OrderID != ids[0] || due[1].OrderID != ids[1] {
			t.Fatalf("due: %+v %v; want the first two orders", due, err)
		}
		if err := repo.DropTimer(ctx, due[0]); err != nil {
			t.Fatal(err)
		}
		due, _ = repo.DueTimers(ctx, TimerPayment, first.Add(90*time.Second), 10)
		if len(due) != 1 || due[0].OrderID != ids[1] {
			t.Fatalf("after dropping one: %+v", due)
		}
		rec := payAndAccept(t, repo, c, mustRecord(t, repo, ids[2]))
		accept, _ := repo.DueTimers(ctx, TimerAccept, c.Now(), 10)
		if len(accept) != 1 || accept[0].OrderID != rec.OrderID {
			t.Fatalf("accept timers: %+v", accept)
		}
	})
}

func mustRecord(t *testing.T, repo *Repository, id string) order.Record {
	t.Helper()
	o, err := repo.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return o.Record()
}
