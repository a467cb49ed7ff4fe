package orderstore

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/clocktest"
	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/boltkv"
)

// keyClock starts at the real time: the stores hide expired items by their
// own clock, and key records expire a day after the repository's.
func keyClock() *clock { return &clock{clocktest.New(time.Now())} }

// keyFor is a key record of the user as a caller makes it: the answer is
// JSON with characters an encoder might escape, to be kept byte for byte.
func keyFor(user, key, body string) KeyRecord {
	return KeyRecord{UserID: user, Key: key, RequestHash: "hash-1",
		Answer: Answer{Status: 201, Body: []byte(`{"note":"<b>&amp;</b> é","body":"` + body + `"}`)}}
}

func TestCreateOnceRecordsTheKeyWithTheOrder(t *testing.T) {
	forEachStore(t, func(t *testing.T, s kv.Store) {
		c, ctx := keyClock(), context.Background()
		repo := New(s, c.options(nil))
		o := newDraftOrder(t, c.Now(), "u-key", "s-key")
		first := keyFor("u-key", "k-1", "first")
		got, err := repo.CreateOnce(ctx, o, first)
		if err != nil || got.OrderID != o.ID() || got.State != KeyAnswered {
			t.Fatalf("create once: %+v, %v", got, err)
		}
		assertConverged(t, s, repo, o.ID(), nil)
		stored := lookupKey(t, repo, "u-key", "k-1", KeyAnswered)
		if string(stored.Answer.Body) != string(first.Answer.Body) || stored.Answer.Status != 201 ||
			stored.RequestHash != "hash-1" || stored.OrderID != o.ID() {
			t.Fatalf("stored %+v, body %s", stored, stored.Answer.Body)
		}
		if want := c.Now().Add(KeyTTL).Truncate(time.Second); !stored.ExpiresAt.Equal(want) {
			t.Errorf("expires %v, want %v", stored.ExpiresAt, want)
		}
		retry := newOrderWithID(t, c.Now().Add(time.Second), o.ID(), "u-key", "s-key")
		again, err := repo.CreateOnce(ctx, retry, keyFor("u-key", "k-1", "retry"))
		if err != nil || string(again.Answer.Body) != string(first.Answer.Body) {
			t.Fatalf("retry of the same order: %s, %v; want the first answer", again.Answer.Body, err)
		}
		other := newDraftOrder(t, c.Now(), "u-key", "s-key")
		_, err = repo.CreateOnce(ctx, other, keyFor("u-key", "k-1", "other"))
		var taken *KeyTakenError
		if !errors.As(err, &taken) || taken.Record.OrderID != o.ID() || taken.Record.State != KeyAnswered {
			t.Fatalf("another order under the key: %v", err)
		}
		if _, err := repo.Get(ctx, other.ID()); !errors.Is(err, ErrNotFound) {
			t.Fatalf("the refused order: %v, want it not stored", err)
		}
		if left := intentsOf(t, s, repo, other.ID()); len(left) != 0 {
			t.Errorf("intents left of the refused order: %v", left)
		}
		if _, err := repo.CreateOnce(ctx, other, keyFor("u-key", "k-2", "other")); err != nil {
			t.Fatalf("the same order under its own key: %v", err)
		}
	})
}

func lookupKey(t *testing.T, repo *Repository, user, key string, want KeyState) KeyRecord {
	t.Helper()
	k, err := repo.LookupKey(context.Background(), user, key)
	if err != nil || k.State != want {
		t.Fatalf("key %s: %+v, %v; want it %s", key, k, err, want)
	}
	return k
}

// Many orders racing under one key: one is stored, the others are told
// which.
func TestCreateOnceRaceStoresOneOrder(t *testing.T) {
	forEachStore(t, func(t *testing.T, s kv.Store) {
		c, ctx := keyClock(), context.Background()
		repo := New(s, c.options(nil))
		var mu sync.Mutex
		var created []string
		var wg sync.WaitGroup
		for range 20 {
			wg.Go(func() {
				o := newDraftOrder(t, c.Now(), "u-race", "s-race")
				_, err := repo.CreateOnce(ctx, o, keyFor("u-race", "k-race", o.ID()))
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					created = append(created, o.ID())
				case !errors.Is(err, ErrKeyTaken):
					t.Errorf("create: %v", err)
				}
			})
		}
		wg.Wait()
		page, err := repo.ListByUser(ctx, "u-race", 100, "")
		if err != nil || len(created) != 1 || len(page.Orders) != 1 || page.Orders[0].OrderID != created[0] {
			t.Fatalf("created %v, stored %+v (%v)", created, page.Orders, err)
		}
		lookupKey(t, repo, "u-race", "k-race", KeyAnswered)
	})
}

// A key record whose order is not stored is being written while young,
// abandoned once DefaultHealAge old: then its order is created again
// under the same id, and another order still does not take the key.
func TestKeyOfAnUnwrittenOrderIsResumedOnceAbandoned(t *testing.T) {
	forEachStore(t, func(t *testing.T, s kv.Store) {
		if _, tx := kv.TransactorOf(s); tx {
			t.Skip("the key record is written alone on the portable path only")
		}
		c, ctx := keyClock(), context.Background()
		o := newDraftOrder(t, c.Now(), "u-ab", "s-ab")
		crashed := New(newCrashingStore(s, 1, false), c.options(nil)) // the key record only
		if _, err := crashed.CreateOnce(ctx, o, keyFor("u-ab", "k-ab", "first")); err == nil {
			t.Fatal("create with one write allowed succeeded")
		}
		repo := New(s, c.options(nil))
		lookupKey(t, repo, "u-ab", "k-ab", KeyWriting)
		retry := func(body string) (KeyRecord, error) {
			return repo.CreateOnce(ctx, newOrderWithID(t, c.Now(), o.ID(), "u-ab", "s-ab"), keyFor("u-ab", "k-ab", body))
		}
		if _, err := retry("too soon"); !errors.Is(err, ErrKeyBusy) {
			t.Fatalf("retry while the writer may run: %v, want ErrKeyBusy", err)
		}
		c.Advance(DefaultHealAge)
		lookupKey(t, repo, "u-ab", "k-ab", KeyAbandoned)
		other := newDraftOrder(t, c.Now(), "u-ab", "s-ab")
		var taken *KeyTakenError
		if _, err := repo.CreateOnce(ctx, other, keyFor("u-ab", "k-ab", "other")); !errors.As(err, &taken) ||
			taken.Record.State != KeyAbandoned {
			t.Fatalf("another order over the abandoned key: %v", err)
		}
		got, err := retry("resumed")
		if err != nil || string(got.Answer.Body) != string(keyFor("", "", "resumed").Answer.Body) {
			t.Fatalf("resume: %+v, %v", got, err)
		}
		assertConverged(t, s, repo, o.ID(), nil)
		if k := lookupKey(t, repo, "u-ab", "k-ab", KeyAnswered); string(k.Answer.Body) != string(got.Answer.Body) {
			t.Fatalf("stored answer %s, want the resumed one", k.Answer.Body)
		}
	})
}

// ForgetKey frees the key of an abandoned order, and only that.
func TestForgetKeyRemovesOnlyAnAbandonedRecord(t *testing.T) {
	forEachStore(t, func(t *testing.T, s kv.Store) {
		c, ctx := keyClock(), context.Background()
		repo := New(s, c.options(nil))
		answered := newDraftOrder(t, c.Now(), "u-fk", "s-fk")
		if _, err := repo.CreateOnce(ctx, answered, keyFor("u-fk", "k-done", "x")); err != nil {
			t.Fatal(err)
		}
		if err := repo.ForgetKey(ctx, "u-fk", "k-done", answered.ID()); err != nil {
			t.Fatal(err)
		}
		lookupKey(t, repo, "u-fk", "k-done", KeyAnswered)
		lost := newDraftOrder(t, c.Now(), "u-fk", "s-fk")
		k := keyFor("u-fk", "k-lost", "x")
		k.OrderID, k.WrittenAt, k.ExpiresAt = lost.ID(), c.Now(), c.Now().Add(KeyTTL)
		item, _ := k.item()
		if err := s.Put(ctx, item, kv.IfAbsent()); err != nil { // as a crash right after it leaves it
			t.Fatal(err)
		}
		if err := repo.ForgetKey(ctx, "u-fk", "k-lost", "another-order"); err != nil {
			t.Fatal(err)
		}
		c.Advance(DefaultHealAge)
		lookupKey(t, repo, "u-fk", "k-lost", KeyAbandoned)
		if err := repo.ForgetKey(ctx, "u-fk", "k-lost", lost.ID()); err != nil {
			t.Fatal(err)
		}
		if _, err := repo.LookupKey(ctx, "u-fk", "k-lost"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("forgotten key: %v, want ErrNotFound", err)
		}
	})
}

// After KeyTTL the record is gone, for reading and for conditions alike,
// on a store that never reclaims it.
func TestKeyRecordExpires(t *testing.T) {
	c, ctx := keyClock(), context.Background()
	s, err := boltkv.Open(filepath.Join(t.TempDir(), "store.db"), boltkv.Options{NoSync: true, Now: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	repo := New(s, c.options(nil))
	if _, err := repo.CreateOnce(ctx, newDraftOrder(t, c.Now(), "u-exp", "s-exp"), keyFor("u-exp", "k", "1")); err != nil {
		t.Fatal(err)
	}
	c.Advance(KeyTTL - time.Second)
	lookupKey(t, repo, "u-exp", "k", KeyAnswered)
	c.Advance(time.Second)
	if _, err := repo.LookupKey(ctx, "u-exp", "k"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after %s: %v, want ErrNotFound", KeyTTL, err)
	}
	if _, err := repo.CreateOnce(ctx, newDraftOrder(t, c.Now(), "u-exp", "s-exp"), keyFor("u-exp", "k", "2")); err != nil {
		t.Fatalf("a new order under the expired key: %v", err)
	}
}
