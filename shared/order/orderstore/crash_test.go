package orderstore

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/order"
)

// writesPerChange is how many store writes a change into a timed status
// takes: intent, master, user copy, store-day copy, timer, timeline entry,
// intent deletion.
const writesPerChange = 7

// Crash a create after each of its writes (and with the answer of that write
// lost), then heal in a new process: the order either exists in all its
// copies, once, or not at all.
func TestCreateCrashAtEveryStepIsHealed(t *testing.T) {
	forEachStore(t, func(t *testing.T, s kv.Store) {
		for writes := range int64(writesPerChange + 1) {
			for _, ackLost := range []bool{false, true} {
				name := fmt.Sprintf("after %d writes, ack lost %v", writes, ackLost)
				t.Run(name, func(t *testing.T) {
					c, pub := newClock(), &recordingPublisher{}
					crashed := New(newCrashingStore(s, writes, ackLost), c.options(pub))
					o := newDraftOrder(t, c.Now(), "u-crash", "s-crash")
					_, createErr := crashed.Create(context.Background(), o)
					healer := healLater(t, s, c, pub)
					checkCreateOutcome(t, s, healer, o.Record().OrderID, createErr, pub)
				})
			}
		}
	})
}

// healLater runs the healer in a fresh process once the crashed writer's
// intents are old enough, and returns that process's repository.
func healLater(t *testing.T, s kv.Store, c *clock, pub *recordingPublisher) *Repository {
	t.Helper()
	c.Advance(DefaultHealAge + time.Second)
	healer := New(s, c.options(pub))
	if _, err := healer.Heal(context.Background(), 0); err != nil {
		t.Fatalf("heal: %v", err)
	}
	return healer
}

func checkCreateOutcome(t *testing.T, s kv.Store, healer *Repository, id string, createErr error, pub *recordingPublisher) {
	t.Helper()
	_, err := healer.Get(context.Background(), id)
	switch {
	case errors.Is(err, ErrNotFound):
		if createErr == nil {
			t.Fatal("create answered success, but the order is gone")
		}
		if left := intentsOf(t, s, healer, id); len(left) != 0 {
			t.Errorf("intents left of an order that never was: %v", left)
		}
		if n := len(pub.counts()); n != 0 {
			t.Errorf("%d events published for an order that never was", n)
		}
	case err != nil:
		t.Fatal(err)
	default:
		assertConverged(t, s, healer, id, pub)
	}
}

// Crash a transition after each of its writes: after healing, the order is
// either at the old version or the new one, and everything agrees with it.
func TestTransitionCrashAtEveryStepIsHealed(t *testing.T) {
	forEachStore(t, func(t *testing.T, s kv.Store) {
		for writes := range int64(writesPerChange + 1) {
			for _, ackLost := range []bool{false, true} {
				t.Run(fmt.Sprintf("after %d writes, ack lost %v", writes, ackLost), func(t *testing.T) {
					c, pub := newClock(), &recordingPublisher{}
					rec, err := New(s, c.options(pub)).Create(context.Background(), newDraftOrder(t, c.Now(), "u-tcrash", "s-tcrash"))
					if err != nil {
						t.Fatal(err)
					}
					crashed := New(newCrashingStore(s, writes, ackLost), c.options(pub))
					_, payErr := crashed.Update(context.Background(), rec.OrderID, 1, payFull(c))
					got := assertConverged(t, s, healLater(t, s, c, pub), rec.OrderID, pub)
					if payErr == nil && got.Status != order.StatusPaid {
						t.Errorf("pay answered success, but the order is %s", got.Status)
					}
				})
			}
		}
	})
}

func payFull(c *clock) func(*order.Order) error {
	return func(o *order.Order) error {
		return o.Pay(order.Payment{TxnID: "txn-crash", Amount: o.Amounts().Total, Currency: o.Currency()}, c.Now())
	}
}

// With NATS down the change still commits; the healer publishes its events.
func TestEventsUnpublishedAreHealed(t *testing.T) {
	forEachStore(t, func(t *testing.T, s kv.Store) {
		c, pub := newClock(), &recordingPublisher{}
		pub.failing.Store(true)
		repo := New(s, c.options(pub))
		rec, err := repo.Create(context.Background(), newDraftOrder(t, c.Now(), "u-nats", "s-nats"))
		if err != nil {
			t.Fatalf("create with NATS down: %v", err)
		}
		if len(intentsOf(t, s, repo, rec.OrderID)) != 1 {
			t.Fatal("the intent of an unpublished change must stay for the healer")
		}
		pub.failing.Store(false)
		healLater(t, s, c, pub)
		assertConverged(t, s, repo, rec.OrderID, pub)
	})
}

// A young intent is left to its writer; an old one of a write that lost its
// race is dropped without publishing anything.
func TestHealJudgesIntents(t *testing.T) {
	forEachStore(t, func(t *testing.T, s kv.Store) {
		c, pub := newClock(), &recordingPublisher{}
		repo := New(s, c.options(pub))
		ctx := context.Background()
		rec, err := repo.Create(ctx, newDraftOrder(t, c.Now(), "u-judge", "s-judge"))
		if err != nil {
			t.Fatal(err)
		}
		o, _ := repo.Get(ctx, rec.OrderID)
		_ = payFull(c)(o)
		loser := repo.intentsFor(rec.OrderID, o.Changes())
		loser[0].Version = 1 // claims version 1 with a write id that did not make it
		if err := repo.putIntents(ctx, loser); err != nil {
			t.Fatal(err)
		}
		report, err := repo.FinishOrder(ctx, rec.OrderID)
		if err != nil || report.Dropped != 1 {
			t.Fatalf("finish: %+v, %v; want the losing intent dropped", report, err)
		}
		assertConverged(t, s, repo, rec.OrderID, pub)
	})
}

// An intent whose master write has not happened yet is left alone while its
// writer may still be running, and dropped once it is old.
func TestHealWaitsForYoungIntents(t *testing.T) {
	forEachStore(t, func(t *testing.T, s kv.Store) {
		c := newClock()
		crashed := New(newCrashingStore(s, 1, false), c.options(nil))
		o := newDraftOrder(t, c.Now(), "u-young", "s-young")
		if _, err := crashed.Create(context.Background(), o); err == nil {
			t.Fatal("create with one write allowed succeeded")
		}
		healer := New(s, c.options(nil))
		report, err := healer.FinishOrder(context.Background(), o.ID())
		if err != nil || report.Waiting != 1 {
			t.Fatalf("young intent: %+v, %v; want it waiting", report, err)
		}
		c.Advance(DefaultHealAge)
		report, err = healer.FinishOrder(context.Background(), o.ID())
		if err != nil || report.Dropped != 1 {
			t.Fatalf("old intent: %+v, %v; want it dropped", report, err)
		}
	})
}
