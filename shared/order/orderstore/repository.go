package orderstore

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/order"
)

// Publisher hands the events of committed changes on (to NATS JetStream in
// production). It must be idempotent on event id: the healer publishes again
// what it cannot prove was published.
type Publisher interface {
	Publish(ctx context.Context, events []order.Event) error
}

// Options tune a Repository; the zero value is usable.
type Options struct {
	// Publisher receives the events of each change once it is committed;
	// nil keeps them only on the timeline.
	Publisher Publisher
	// SyncShards is how many partitions the sync intents are spread over
	// (default 16); it must stay the same for the life of a table.
	SyncShards int
	// LayoutTTL is how long a store-day's layout is kept before it is
	// read again (default DefaultLayoutTTL; negative: read at every write
	// and list). Reshard waits LayoutTTL plus DefaultHealAge between its
	// steps, so a repository that reshards must be given the same value as
	// the functions that write.
	LayoutTTL time.Duration
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Logger receives what the repository cannot return (default
	// slog.Default()).
	Logger *slog.Logger
	// Observer, when set, is told of every change committed.
	Observer Observer
}

// Repository stores orders in a kv.Store.
type Repository struct {
	store kv.Store
	// tx is the store's transactions, nil when it has none: then every
	// change takes the portable path.
	tx        kv.Transactor
	publisher Publisher
	shards    int
	layouts   *layoutCache
	now       func() time.Time
	log       *slog.Logger
	observer  Observer
}

// New returns a repository over the store.
func New(store kv.Store, opts Options) *Repository {
	r := &Repository{store: store, publisher: opts.Publisher, shards: opts.SyncShards,
		now: opts.Now, log: opts.Logger, observer: opts.Observer}
	r.tx, _ = kv.TransactorOf(store)
	if r.shards <= 0 {
		r.shards = 16
	}
	if r.now == nil {
		r.now = time.Now
	}
	if r.log == nil {
		r.log = slog.Default()
	}
	if opts.LayoutTTL == 0 {
		opts.LayoutTTL = DefaultLayoutTTL
	}
	r.layouts = newLayoutCache(opts.LayoutTTL, r.now)
	return r
}

// Get returns the order with the id, or ErrNotFound.
func (r *Repository) Get(ctx context.Context, id string) (*order.Order, error) {
	m, err := r.loadMaster(ctx, id)
	if err != nil {
		return nil, err
	}
	return order.FromRecord(m.Order)
}

func (r *Repository) loadMaster(ctx context.Context, id string) (master, error) {
	if !validOrderID(id) {
		return master{}, fmt.Errorf("get order %q: %w", id, ErrNotFound)
	}
	k := masterKey(id)
	it, err := r.store.Get(ctx, k.PK, k.SK)
	if errors.Is(err, kv.ErrNotFound) {
		return master{}, fmt.Errorf("get order %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return master{}, fmt.Errorf("get order %s: %w", id, err)
	}
	return decodeMaster(it)
}

// intentsFor makes the intents of an order's new changes, one per version,
// all under one write id.
func (r *Repository) intentsFor(orderID string, changes []order.Change) []intent {
	writeID, at := newWriteID(), r.now().UTC()
	intents := make([]intent, len(changes))
	for i, c := range changes {
		intents[i] = intent{OrderID: orderID, Version: c.Version, WriteID: writeID, At: at, Change: c}
	}
	return intents
}

func (r *Repository) putIntents(ctx context.Context, intents []intent) error {
	if len(intents) == 1 {
		return r.store.Put(ctx, r.intentItem(intents[0]), kv.Always())
	}
	items := make([]kv.Item, len(intents))
	for i, in := range intents {
		items[i] = r.intentItem(in)
	}
	return r.store.WriteBatch(ctx, items, nil)
}

// dropIntents deletes intents whose change is known not to have committed,
// or to be fully derived. A failure only leaves work for the healer.
func (r *Repository) dropIntents(ctx context.Context, intents []intent) {
	keys := make([]kv.Key, len(intents))
	for i, in := range intents {
		keys[i] = r.intentItem(in).Key()
	}
	if err := r.store.WriteBatch(ctx, nil, keys); err != nil {
		r.log.WarnContext(ctx, "order sync intent not deleted; the healer will",
			"order_id", intents[0].OrderID, "err", err)
	}
}
