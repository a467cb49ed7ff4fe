package orderstore

import (
	"context"
	"fmt"
	"testing"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
)

// writesPerTxChange is how many store calls a change takes on the
// transactional path: the transaction, the intent's deletion.
const writesPerTxChange = 2

// crashingTxStore is a crashingStore with transactions, each one write of
// the budget.
type crashingTxStore struct {
	*crashingStore
	tx kv.Transactor
}

func newCrashingTxStore(s kv.Store, writes int64, ackLost bool) crashingTxStore {
	tx, ok := kv.TransactorOf(s)
	if !ok {
		panic("store without transactions")
	}
	return crashingTxStore{crashingStore: newCrashingStore(s, writes, ackLost), tx: tx}
}

func (c crashingTxStore) Transactional() bool { return true }

func (c crashingTxStore) Transact(ctx context.Context, writes []kv.Write) error {
	return c.write(func() error { return c.tx.Transact(ctx, writes) })
}

// publisher is what the crashing process publishes through: nothing once
// its budget is spent, as the process is dead by then.
func (c crashingTxStore) publisher(pub *recordingPublisher) Publisher {
	return publishFunc(func(ctx context.Context, events []order.Event) error {
		if c.budget.Load() <= 0 {
			return errCrashed
		}
		return pub.Publish(ctx, events)
	})
}

type publishFunc func(context.Context, []order.Event) error

func (f publishFunc) Publish(ctx context.Context, events []order.Event) error { return f(ctx, events) }

// forEachTxStore runs fn on the stores with transactions.
func forEachTxStore(t *testing.T, fn func(t *testing.T, s kv.Store)) {
	t.Run("bolt", func(t *testing.T) { fn(t, backends.Bolt(t)) })
	t.Run("dynamodb-tx", func(t *testing.T) { fn(t, backends.DynamoDBTransactions(t)) })
}

// Crash a create on the transactional path before, in and after its
// transaction (then before publishing and deleting the intent), with the
// answer lost or not: after healing the order exists in all its copies,
// its events published once, or it does not exist at all.
func TestCreateTxCrashIsHealed(t *testing.T) {
	forEachTxStore(t, func(t *testing.T, s kv.Store) {
		for writes := range int64(writesPerTxChange + 1) {
			for _, ackLost := range []bool{false, true} {
				t.Run(fmt.Sprintf("after %d writes, ack lost %v", writes, ackLost), func(t *testing.T) {
					c, pub := newClock(), &recordingPublisher{}
					cs := newCrashingTxStore(s, writes, ackLost)
					o := newDraftOrder(t, c.Now(), "u-txcrash", "s-txcrash")
					_, createErr := New(cs, c.options(cs.publisher(pub))).Create(context.Background(), o)
					checkCreateOutcome(t, s, healLater(t, s, c, pub), o.Record().OrderID, createErr, pub)
					assertPublishedOnce(t, pub)
				})
			}
		}
	})
}

// The same for a transition: the order ends at the old version or the new
// one, everything agreeing, each event published once.
func TestTransitionTxCrashIsHealed(t *testing.T) {
	forEachTxStore(t, func(t *testing.T, s kv.Store) {
		for writes := range int64(writesPerTxChange + 1) {
			for _, ackLost := range []bool{false, true} {
				t.Run(fmt.Sprintf("after %d writes, ack lost %v", writes, ackLost), func(t *testing.T) {
					c, pub := newClock(), &recordingPublisher{}
					rec, err := New(s, c.options(pub)).Create(context.Background(), newDraftOrder(t, c.Now(), "u-txtcrash", "s-txtcrash"))
					if err != nil {
						t.Fatal(err)
					}
					cs := newCrashingTxStore(s, writes, ackLost)
					_, payErr := New(cs, c.options(cs.publisher(pub))).Update(context.Background(), rec.OrderID, 1, payFull(c))
					got := assertConverged(t, s, healLater(t, s, c, pub), rec.OrderID, pub)
					if payErr == nil && got.Status != order.StatusPaid {
						t.Errorf("pay answered success, but the order is %s", got.Status)
					}
					assertPublishedOnce(t, pub)
				})
			}
		}
	})
}

// assertPublishedOnce checks that no event went out twice: the crashed
// writer published nothing its intent did not still announce.
func assertPublishedOnce(t *testing.T, pub *recordingPublisher) {
	t.Helper()
	for id, n := range pub.counts() {
		if n != 1 {
			t.Errorf("event %s published %d times", id, n)
		}
	}
}

// With transactions a change takes two store calls: the transaction and
// the intent's deletion (the store-day's layout, pinned by its first
// write, once a day, is pinned before counting).
func TestTxChangeTakesTwoWrites(t *testing.T) {
	forEachTxStore(t, func(t *testing.T, s kv.Store) {
		c, pub := newClock(), &recordingPublisher{}
		if _, err := New(s, c.options(nil)).writeLayout(context.Background(), "s-txcount", "2026-11-21"); err != nil {
			t.Fatal(err)
		}
		cs := newCrashingTxStore(s, 100, false)
		repo := New(cs, c.options(pub))
		rec, err := repo.Create(context.Background(), newDraftOrder(t, c.Now(), "u-txcount", "s-txcount"))
		if err != nil {
			t.Fatal(err)
		}
		if used := 100 - cs.budget.Load(); used != writesPerTxChange {
			t.Errorf("create took %d store writes, want %d", used, writesPerTxChange)
		}
		if _, err := repo.Update(context.Background(), rec.OrderID, 1, payFull(c)); err != nil {
			t.Fatal(err)
		}
		if used := 100 - cs.budget.Load(); used != 2*writesPerTxChange {
			t.Errorf("create and pay took %d store writes, want %d", used, 2*writesPerTxChange)
		}
		assertConverged(t, s, repo, rec.OrderID, pub)
	})
}

// A copy newer than the change (which the master's condition rules out,
// but a hand-made item need not respect) fails the transaction; the change
// then takes the portable path, which leaves that copy alone.
func TestTxCopyConditionFallsBackToPortable(t *testing.T) {
	forEachTxStore(t, func(t *testing.T, s kv.Store) {
		c, pub := newClock(), &recordingPublisher{}
		o := newDraftOrder(t, c.Now(), "u-txnewer", "s-txnewer")
		newer := kv.Item{PK: userPK("u-txnewer"), SK: o.ID(), Version: 9, Data: []byte(`{}`)}
		if err := s.Put(context.Background(), newer, kv.Always()); err != nil {
			t.Fatal(err)
		}
		repo := New(s, c.options(pub))
		if _, err := repo.Create(context.Background(), o); err != nil {
			t.Fatalf("create: %v", err)
		}
		if _, err := repo.Get(context.Background(), o.ID()); err != nil {
			t.Fatalf("order not created: %v", err)
		}
		if it, err := s.Get(context.Background(), newer.PK, newer.SK); err != nil || it.Version != 9 {
			t.Errorf("newer copy: version %d, %v; want it left at 9", it.Version, err)
		}
		if left := intentsOf(t, s, repo, o.ID()); len(left) != 0 {
			t.Errorf("intents left: %v", left)
		}
	})
}
