package orderstore

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/order"
)

// recordingObserver keeps the types of the changes it is told of.
type recordingObserver struct {
	mu    sync.Mutex
	types []string
}

func (o *recordingObserver) Committed(_ context.Context, rec order.Record, changes []order.Change) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, c := range changes {
		if c.Version > rec.Version {
			panic("a change past the record told")
		}
		o.types = append(o.types, c.Type)
	}
}

func TestObserverIsToldOfEachCommitOnce(t *testing.T) {
	forEachStore(t, func(t *testing.T, s kv.Store) {
		c, obs := newClock(), &recordingObserver{}
		opts := c.options(&recordingPublisher{})
		opts.Observer = obs
		repo := New(s, opts)
		ctx := context.Background()
		o := newDraftOrder(t, c.Now(), "u-observe", "s-observe")
		rec, err := repo.Create(ctx, o)
		if err != nil {
			t.Fatal(err)
		}
		retry := newOrderWithID(t, c.Now(), rec.OrderID, "u-observe", "s-observe")
		if _, err := repo.Create(ctx, retry); err != nil { // a replay: stored already
			t.Fatal(err)
		}
		payAndAccept(t, repo, c, rec)
		if _, err := repo.Update(ctx, rec.OrderID, 0, func(*order.Order) error { return nil }); err != nil {
			t.Fatal(err) // no change: nothing committed
		}
		want := []string{"order.created", "order.paid", "order.accepted"}
		if !slices.Equal(obs.types, want) {
			t.Errorf("observer told of %v, want %v", obs.types, want)
		}
	})
}
