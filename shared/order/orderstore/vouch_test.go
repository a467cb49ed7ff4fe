package orderstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
)

// decoded is e as a consumer receives it: encoded, then decoded by the
// consumers' decoder.
func decoded(t testing.TB, e order.Event) order.Event {
	t.Helper()
	raw, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	out, err := order.DecodeEvent(raw, "")
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// paidAndCancelled is a stored order paid then cancelled by its user, and
// the events of its timeline, oldest first.
func paidAndCancelled(t *testing.T, repo *Repository, c *clock) (order.Record, []order.Event) {
	t.Helper()
	ctx := context.Background()
	rec, err := repo.Create(ctx, newDraftOrder(t, c.Now(), "u-vouch", "s-vouch"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := repo.Update(ctx, rec.OrderID, 1, payFull(c)); err != nil {
		t.Fatal(err)
	}
	rec, err = repo.Update(ctx, rec.OrderID, 2, func(o *order.Order) error {
		return o.Apply(order.ActionCancel, order.Actor{Role: order.RoleUser, ID: "u-vouch"}, "changed my mind", c.Now())
	})
	if err != nil {
		t.Fatal(err)
	}
	changes, err := repo.Timeline(ctx, rec.OrderID)
	if err != nil {
		t.Fatal(err)
	}
	var evs []order.Event
	for _, ch := range changes {
		evs = append(evs, ch.Events...)
	}
	return rec, evs
}

// Every event the record holds is vouched for, as a consumer decodes it;
// an event that differs from it in anything a consumer acts on is not,
// and the error names the field.
func TestVouchConfirmsOnlyWhatTheRecordHolds(t *testing.T) {
	forEachStore(t, func(t *testing.T, s kv.Store) {
		c := newClock()
		repo := New(s, c.options(nil))
		ctx := context.Background()
		rec, evs := paidAndCancelled(t, repo, c)
		if len(evs) != 3 {
			t.Fatalf("timeline events: %v", evs)
		}
		for _, e := range evs {
			if err := repo.Vouch(ctx, decoded(t, e)); err != nil {
				t.Errorf("%s (%s): %v", e.EventID, e.Type, err)
			}
		}
		other, _ := paidAndCancelled(t, repo, c)
		paid, cancelled := decoded(t, evs[1]), decoded(t, evs[2])
		tests := []struct {
			name     string
			alter    func(e *order.Event)
			field    string
			notFound bool
		}{
			{"another type", func(e *order.Event) {
				e.Type, e.Data = order.EventCancelled, order.CancelledData{From: order.StatusPaid}
			}, "type", false},
			{"another user", func(e *order.Event) { e.UserID = "u-other" }, "user_id", false},
			{"another store", func(e *order.Event) { e.StoreID = "s-other" }, "store_id", false},
			{"other data", func(e *order.Event) { e.Data = order.PaidData{Amount: 1, TxnID: "txn-crash"} }, "data", false},
			{"no data", func(e *order.Event) { e.Data = nil }, "data", false},
			{"data of another type", func(e *order.Event) { e.Data = order.CreatedData{} }, "data", false},
			{"another event id", func(e *order.Event) { e.EventID = order.EventIDFor(rec.OrderID, 2, 2) }, "event_id", false},
			{"a version never had", func(e *order.Event) { e.OrderVersion = 9 }, "order_version", false},
			{"version 0", func(e *order.Event) { e.OrderVersion = 0 }, "order_version", false},
			{"another order", func(e *order.Event) { e.OrderID = other.OrderID }, "event_id", false},
			{"an unknown order", func(e *order.Event) { e.OrderID = order.NewID(c.Now()) }, "order_id", true},
			{"an id outside the layout", func(e *order.Event) { e.OrderID = "a#b" }, "order_id", true},
			{"an id not UTF-8", func(e *order.Event) { e.OrderID = "\xff\xfe" }, "order_id", true},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				e := paid
				tt.alter(&e)
				err := repo.Vouch(ctx, e)
				var u *UnknownEventError
				if !errors.Is(err, ErrEventUnknown) || !errors.As(err, &u) || u.Field != tt.field ||
					errors.Is(err, ErrNotFound) != tt.notFound || errors.Is(err, ErrUnavailable) {
					t.Fatalf("got %v, want the record to refuse %s (not found %v)", err, tt.field, tt.notFound)
				}
			})
		}
		// The order is CANCELLED: a cancellation claimed at its paid
		// version is not the one it holds.
		forged := cancelled
		forged.EventID, forged.OrderVersion = paid.EventID, paid.OrderVersion
		if err := repo.Vouch(ctx, forged); !errors.Is(err, ErrEventUnknown) {
			t.Fatalf("a cancellation at the paid version: %v", err)
		}
	})
}

// The refusal's text names the field and echoes nothing of the event.
func TestUnknownEventErrorEchoesNothing(t *testing.T) {
	c := newClock()
	repo := New(portableStore{backends.Bolt(t)}, c.options(nil))
	_, evs := paidAndCancelled(t, repo, c)
	e := evs[1]
	e.UserID = "u-secret-13800001234"
	err := repo.Vouch(context.Background(), e)
	if err == nil || err.Error() != "the order's record holds no such event: user_id: not what the order's record holds for the event" {
		t.Fatalf("got %v", err)
	}
}

// unavailableGets fails the reads of the keys it is told, as a store that
// cannot answer.
type unavailableGets struct {
	kv.Store
	fails func(sk string) bool
}

func (u unavailableGets) Get(ctx context.Context, pk, sk string) (kv.Item, error) {
	if u.fails(sk) {
		return kv.Item{}, fmt.Errorf("get %s: %w", sk, kv.ErrUnavailable)
	}
	return u.Store.Get(ctx, pk, sk)
}

// A store that cannot answer is ErrUnavailable, never a refusal: the
// consumer retries.
func TestVouchWithTheStoreDownIsUnavailable(t *testing.T) {
	c := newClock()
	s := backends.Bolt(t)
	_, evs := paidAndCancelled(t, New(s, c.options(nil)), c)
	paid := evs[1]
	everything := New(unavailableGets{s, func(string) bool { return true }}, c.options(nil))
	masterOnly := New(unavailableGets{s, func(sk string) bool { return sk == masterSK }}, c.options(nil))
	missing := paid
	missing.OrderVersion = 9
	for name, tc := range map[string]struct {
		repo *Repository
		ev   order.Event
	}{"timeline entry": {everything, paid}, "master, to tell why no entry": {masterOnly, missing}} {
		err := tc.repo.Vouch(context.Background(), tc.ev)
		if !errors.Is(err, ErrUnavailable) || errors.Is(err, ErrEventUnknown) {
			t.Errorf("%s unreadable: %v", name, err)
		}
	}
	if err := masterOnly.Vouch(context.Background(), paid); err != nil {
		t.Errorf("a vouch needs only the timeline entry: %v", err)
	}
}

// vouching is a publisher that asks, as each event goes out, whether a
// fresh repository over the store vouches for it: there must be no window
// in which a published event is not yet held by the record.
type vouching struct {
	*recordingPublisher
	repo    *Repository
	crashed func() bool // the publishing process is dead: it publishes nothing
	mu      sync.Mutex
	refused []error
}

func (v *vouching) Publish(ctx context.Context, events []order.Event) error {
	if v.crashed != nil && v.crashed() {
		return errCrashed
	}
	for _, e := range events {
		raw, err := json.Marshal(e)
		if err == nil {
			e, err = order.DecodeEvent(raw, "")
		}
		if err == nil {
			err = v.repo.Vouch(ctx, e)
		}
		if err != nil {
			v.mu.Lock()
			v.refused = append(v.refused, fmt.Errorf("%s: %w", e.EventID, err))
			v.mu.Unlock()
		}
	}
	return v.recordingPublisher.Publish(ctx, events)
}

func (v *vouching) check(t *testing.T) {
	t.Helper()
	v.mu.Lock()
	defer v.mu.Unlock()
	for _, err := range v.refused {
		t.Errorf("published but not vouched for: %v", err)
	}
}

// Every event published (by the writer, on either path, or by the healer
// after a crash at any step) is vouched for at the moment it goes out.
func TestEveryEventIsVouchedForWhenPublished(t *testing.T) {
	type crash struct {
		store   kv.Store
		crashed func() bool
	}
	run := func(t *testing.T, s kv.Store, writes int64, crashAt func(int64, bool) crash) {
		for budget := range writes + 1 {
			for _, ackLost := range []bool{false, true} {
				t.Run(fmt.Sprintf("after %d writes, ack lost %v", budget, ackLost), func(t *testing.T) {
					c := newClock()
					v := &vouching{recordingPublisher: &recordingPublisher{}, repo: New(s, c.options(nil))}
					rec, err := New(s, c.options(v)).Create(context.Background(), newDraftOrder(t, c.Now(), "u-pubvouch", "s-pubvouch"))
					if err != nil {
						t.Fatal(err)
					}
					cr := crashAt(budget, ackLost)
					crashed := &vouching{recordingPublisher: v.recordingPublisher, repo: v.repo, crashed: cr.crashed}
					_, _ = New(cr.store, c.options(crashed)).Update(context.Background(), rec.OrderID, 1, payFull(c))
					c.Advance(DefaultHealAge + time.Second)
					if _, err := New(s, c.options(v)).Heal(context.Background(), 0); err != nil {
						t.Fatal(err)
					}
					assertConverged(t, s, v.repo, rec.OrderID, v.recordingPublisher)
					v.check(t)
					crashed.check(t)
				})
			}
		}
	}
	t.Run("portable", func(t *testing.T) {
		forEachStore(t, func(t *testing.T, s kv.Store) {
			run(t, s, writesPerChange, func(budget int64, ackLost bool) crash {
				cs := newCrashingStore(s, budget, ackLost)
				return crash{cs, func() bool { return cs.budget.Load() <= 0 }}
			})
		})
	})
	t.Run("transactional", func(t *testing.T) {
		forEachTxStore(t, func(t *testing.T, s kv.Store) {
			run(t, s, writesPerTxChange, func(budget int64, ackLost bool) crash {
				cs := newCrashingTxStore(s, budget, ackLost)
				return crash{cs, func() bool { return cs.budget.Load() <= 0 }}
			})
		})
	})
}
