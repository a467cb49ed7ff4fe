package orderstore

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/order"
)

// merchantOf is the merchant of the order's store.
func merchantOf(o *order.Order) order.Actor {
	return order.Actor{Role: order.RoleMerchant, ID: "m-1", StoreID: o.StoreID()}
}

// payAndAccept moves a new order to ACCEPTED.
func payAndAccept(t *testing.T, repo *Repository, c *clock, o order.Record) order.Record {
	t.Helper()
	ctx := context.Background()
	if _, err := repo.Update(ctx, o.OrderID, 1, func(o *order.Order) error {
		return o.Pay(order.Payment{TxnID: "txn-1", Amount: o.Amounts().Total, Currency: o.Currency()}, c.Now())
	}); err != nil {
		t.Fatalf("pay: %v", err)
	}
	rec, err := repo.Update(ctx, o.OrderID, 2, func(o *order.Order) error {
		return o.Apply(order.ActionAccept, merchantOf(o), "", c.Now())
	})
	if err != nil {
		t.Fatalf("accept: %v", err)
	}
	return rec
}

func TestCreateWritesEveryCopy(t *testing.T) {
	forEachStore(t, func(t *testing.T, s kv.Store) {
		c, pub := newClock(), &recordingPublisher{}
		repo := New(s, c.options(pub))
		rec, err := repo.Create(context.Background(), newDraftOrder(t, c.Now(), "u-create", "s-create"))
		if err != nil {
			t.Fatal(err)
		}
		got := assertConverged(t, s, repo, rec.OrderID, pub)
		if got.Status != order.StatusPendingPayment || got.Version != 1 {
			t.Errorf("created order is %s v%d", got.Status, got.Version)
		}
	})
}

func TestUpdateMovesCopiesAndTimeline(t *testing.T) {
	forEachStore(t, func(t *testing.T, s kv.Store) {
		c, pub := newClock(), &recordingPublisher{}
		repo := New(s, c.options(pub))
		ctx := context.Background()
		rec, err := repo.Create(ctx, newDraftOrder(t, c.Now(), "u-update", "s-update"))
		if err != nil {
			t.Fatal(err)
		}
		rec = payAndAccept(t, repo, c, rec)
		assertConverged(t, s, repo, rec.OrderID, pub)
		accepted := listStore(t, repo, rec, order.StatusAccepted)
		pending := listStore(t, repo, rec, order.StatusPendingPayment)
		if len(accepted) != 1 || len(pending) != 0 {
			t.Errorf("store lists: %d accepted, %d pending; want 1 and 0", len(accepted), len(pending))
		}
	})
}

func listStore(t *testing.T, repo *Repository, rec order.Record, st order.Status) []order.Record {
	t.Helper()
	page, err := repo.ListByStore(context.Background(), rec.StoreID, rec.StoreDay, st, 20, "")
	if err != nil {
		t.Fatal(err)
	}
	return page.Orders
}

func TestUpdateRefusesStaleVersion(t *testing.T) {
	forEachStore(t, func(t *testing.T, s kv.Store) {
		c := newClock()
		repo := New(s, c.options(nil))
		rec, err := repo.Create(context.Background(), newDraftOrder(t, c.Now(), "u-stale", "s-stale"))
		if err != nil {
			t.Fatal(err)
		}
		_, err = repo.Update(context.Background(), rec.OrderID, 7, func(o *order.Order) error {
			return o.Apply(order.ActionCancel, order.Actor{Role: order.RoleUser, ID: "u-stale"}, "", c.Now())
		})
		if !errors.Is(err, ErrConflict) {
			t.Fatalf("stale version: %v, want ErrConflict", err)
		}
		assertConverged(t, s, repo, rec.OrderID, nil)
	})
}

func TestUpdatePassesDomainErrorsAndWritesNothing(t *testing.T) {
	forEachStore(t, func(t *testing.T, s kv.Store) {
		c := newClock()
		repo := New(s, c.options(nil))
		rec, err := repo.Create(context.Background(), newDraftOrder(t, c.Now(), "u-bad", "s-bad"))
		if err != nil {
			t.Fatal(err)
		}
		_, err = repo.Update(context.Background(), rec.OrderID, 0, func(o *order.Order) error {
			return o.Apply(order.ActionDeliver, order.Actor{Role: order.RoleRider, ID: "r-1"}, "", c.Now())
		})
		if !errors.Is(err, order.ErrInvalidTransition) {
			t.Fatalf("deliver a pending order: %v", err)
		}
		if got := assertConverged(t, s, repo, rec.OrderID, nil); got.Version != 1 {
			t.Errorf("refused move wrote version %d", got.Version)
		}
		if _, err := repo.Update(context.Background(), "no-such-order", 0, nil); !errors.Is(err, ErrNotFound) {
			t.Errorf("update of a missing order: %v", err)
		}
	})
}

func TestCreateTwiceReturnsTheFirst(t *testing.T) {
	forEachStore(t, func(t *testing.T, s kv.Store) {
		c := newClock()
		repo := New(s, c.options(nil))
		o := newDraftOrder(t, c.Now(), "u-twice", "s-twice")
		first, err := repo.Create(context.Background(), o)
		if err != nil {
			t.Fatal(err)
		}
		again, err := repo.Create(context.Background(), o)
		if err != nil || !sameJSON(first, again) {
			t.Fatalf("second create: %v\n%+v\n%+v", err, again, first)
		}
		other := newDraftOrder(t, c.Now(), "u-other", "s-twice")
		if _, err := repo.Create(context.Background(), withID(t, other, first.OrderID, c)); !errors.Is(err, ErrExists) {
			t.Fatalf("another user's order under the same id: %v", err)
		}
		assertConverged(t, s, repo, first.OrderID, nil)
	})
}

// withID rebuilds an order under another id.
func withID(t *testing.T, o *order.Order, id string, c *clock) *order.Order {
	t.Helper()
	rec := o.Record()
	n, err := order.New(order.Draft{ID: id, UserID: rec.UserID, StoreID: rec.StoreID, StoreDay: rec.StoreDay,
		Lines: rec.Items, Amounts: rec.Amounts, Delivery: rec.Delivery, PayDeadline: rec.PayDeadline}, c.Now())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// Fifty racers try the same transition: exactly one wins, the others get a
// conflict (with an expected version) or an invalid transition (without).
func TestRacingTransitions(t *testing.T) {
	forEachStore(t, func(t *testing.T, s kv.Store) {
		for _, expected := range []int64{2, 0} {
			c, pub := newClock(), &recordingPublisher{}
			repo := New(s, c.options(pub))
			ctx := context.Background()
			rec, err := repo.Create(ctx, newDraftOrder(t, c.Now(), "u-race", "s-race"))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := repo.Update(ctx, rec.OrderID, 1, func(o *order.Order) error {
				return o.Pay(order.Payment{TxnID: "t", Amount: o.Amounts().Total, Currency: o.Currency()}, c.Now())
			}); err != nil {
				t.Fatal(err)
			}
			errs := race(50, func() error {
				_, err := repo.Update(ctx, rec.OrderID, expected, func(o *order.Order) error {
					return o.Apply(order.ActionAccept, merchantOf(o), "", c.Now())
				})
				return err
			})
			checkOneWinner(t, errs, expected)
			if got := assertConverged(t, s, repo, rec.OrderID, pub); got.Version != 3 {
				t.Errorf("after the race the order is at version %d, want 3", got.Version)
			}
		}
	})
}

func race(n int, fn func() error) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() { <-start; errs[i] = fn() })
	}
	close(start)
	wg.Wait()
	return errs
}

func checkOneWinner(t *testing.T, errs []error, expected int64) {
	t.Helper()
	wins := 0
	for _, err := range errs {
		switch {
		case err == nil:
			wins++
		case errors.Is(err, ErrConflict):
		case expected == 0 && errors.Is(err, order.ErrInvalidTransition):
		default:
			t.Errorf("racer failed with %v", err)
		}
	}
	if wins != 1 {
		t.Errorf("%d racers won, want exactly 1", wins)
	}
}
