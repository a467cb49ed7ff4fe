package orderstore

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/clocktest"
	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
)

// errCrashed is what a crashed process's writes "return".
var errCrashed = errors.New("process crashed")

// crashingStore lets a budget of writes through, then fails every write, as
// if the process died there. With ackLost, the last write allowed is carried
// out but answered with an error (the crash came before the answer).
type crashingStore struct {
	kv.Store
	budget  atomic.Int64
	ackLost bool
}

func newCrashingStore(s kv.Store, writes int64, ackLost bool) *crashingStore {
	c := &crashingStore{Store: s, ackLost: ackLost}
	c.budget.Store(writes)
	return c
}

// write runs fn if the budget allows and says whether it was let through.
func (c *crashingStore) write(fn func() error) error {
	left := c.budget.Add(-1)
	switch {
	case left < -1 || (left == -1 && !c.ackLost):
		return errCrashed
	case left == -1:
		_ = fn()
		return errCrashed
	}
	return fn()
}

func (c *crashingStore) Put(ctx context.Context, it kv.Item, cond kv.Condition) error {
	return c.write(func() error { return c.Store.Put(ctx, it, cond) })
}

func (c *crashingStore) Delete(ctx context.Context, pk, sk string, cond kv.Condition) error {
	return c.write(func() error { return c.Store.Delete(ctx, pk, sk, cond) })
}

func (c *crashingStore) WriteBatch(ctx context.Context, puts []kv.Item, dels []kv.Key) error {
	return c.write(func() error { return c.Store.WriteBatch(ctx, puts, dels) })
}

// recordingPublisher records what it is given; it fails while failing is set.
type recordingPublisher struct {
	mu      sync.Mutex
	events  []order.Event
	failing atomic.Bool
}

func (p *recordingPublisher) Publish(_ context.Context, events []order.Event) error {
	if p.failing.Load() {
		return errors.New("nats down")
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.events = append(p.events, events...)
	return nil
}

// counts returns how often each event id was published.
func (p *recordingPublisher) counts() map[string]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := map[string]int{}
	for _, e := range p.events {
		n[e.EventID]++
	}
	return n
}

// clock is a settable time source.
type clock struct{ *clocktest.Clock }

func newClock() *clock {
	return &clock{clocktest.New(time.Date(2026, 11, 21, 4, 30, 0, 0, time.UTC))}
}

func (c *clock) options(p Publisher) Options {
	return Options{Now: c.Now, Publisher: p, SyncShards: 4, Logger: slog.New(slog.DiscardHandler)}
}

// newDraftOrder makes a new order of the user at the store.
func newDraftOrder(t testing.TB, now time.Time, userID, storeID string) *order.Order {
	t.Helper()
	return newOrderWithID(t, now, order.NewID(now), userID, storeID)
}

// newOrderWithID makes the new order of the user at the store under id: a
// retry of a create, made afresh.
func newOrderWithID(t testing.TB, now time.Time, id, userID, storeID string) *order.Order {
	t.Helper()
	return newOrderOnDay(t, now, id, userID, storeID, "2026-11-21")
}

// newOrderOnDay makes the new order of the user at the store under id, on
// the store's local day.
func newOrderOnDay(t testing.TB, now time.Time, id, userID, storeID, day string) *order.Order {
	t.Helper()
	o, err := order.New(order.Draft{
		ID: id, UserID: userID, StoreID: storeID, StoreDay: day,
		Lines:       []order.Line{{SKU: "sku-1", Name: "Beef noodles", Qty: 2, UnitPrice: 2800, Subtotal: 5600}},
		Amounts:     order.Amounts{Items: 5600, PackingFee: 200, DeliveryFee: 500, Discount: 500, Total: 5800},
		Delivery:    order.Delivery{Name: "Li", Phone: "13800001234", Address: "1 Road"},
		PayDeadline: now.Add(15 * time.Minute),
	}, now)
	if err != nil {
		t.Fatalf("new order: %v", err)
	}
	return o
}

// forEachStore runs fn on every backend: "bolt" takes the transactional
// path, "bolt-portable" the portable one, and "dynamodb" (with
// DYNAMODB_ENDPOINT set) the portable one too, plus "dynamodb-tx" the
// transactional one when the server has transactions.
func forEachStore(t *testing.T, fn func(t *testing.T, s kv.Store)) {
	backends.Each(t, fn)
	t.Run("bolt-portable", func(t *testing.T) { fn(t, portableStore{backends.Bolt(t)}) })
	t.Run("dynamodb-tx", func(t *testing.T) { fn(t, backends.DynamoDBTransactions(t)) })
}

// portableStore hides the transactions of the store it wraps, so that the
// repository takes the portable path.
type portableStore struct{ kv.Store }
