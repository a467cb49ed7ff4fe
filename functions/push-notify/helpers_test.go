package function

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ordercenter/ordercenter/shared/clocktest"
	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/order/orderstore/orderstoretest"
	"github.com/ordercenter/ordercenter/shared/push"
	"github.com/ordercenter/ordercenter/shared/push/sandbox"
	"github.com/ordercenter/ordercenter/shared/redistest"
)

// newClock is the tests' clock, at noon on 2026-11-21 (UTC).
func newClock() *clocktest.Clock {
	return clocktest.New(time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC))
}

// syncBuffer is a log sink safe for concurrent writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// fixture is a sandbox push gateway served by httptest, a real Redis
// under a prefix of the test's own, a real store whose orders the events
// come from, and a clock.
type fixture struct {
	gateway *httptest.Server
	rdb     redis.UniversalClient
	prefix  string
	repo    *orderstore.Repository
	clock   *clocktest.Clock
	log     *syncBuffer
}

// newFixture is a fixture over the embedded store, or over the one given.
func newFixture(t testing.TB, store ...kv.Store) *fixture {
	t.Helper()
	g, err := sandbox.New(sandbox.Config{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(g)
	t.Cleanup(srv.Close)
	var s kv.Store
	if len(store) > 0 {
		s = store[0]
	} else {
		s = backends.Bolt(t)
	}
	return &fixture{gateway: srv, rdb: redistest.Client(t), prefix: redistest.Prefix(t),
		repo: orderstore.New(s, orderstore.Options{}), clock: newClock(), log: &syncBuffer{}}
}

// notifier is a new instance: its own push client and Redis client, the
// fixture's gateway, Redis keys and clock.
func (f *fixture) notifier(t testing.TB, tweak ...func(*Deps)) *Notifier {
	t.Helper()
	client, err := push.NewClient(push.Config{URL: f.gateway.URL})
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.KeyPrefix = f.prefix
	d := Deps{Push: client, Redis: redistest.Client(t), Orders: f.repo, Config: cfg, Now: f.clock.Now,
		Log: slog.New(slog.NewJSONHandler(f.log, nil))}
	for _, tw := range tweak {
		tw(&d)
	}
	n, err := New(d)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// delivered is a push the sandbox delivered.
type delivered struct {
	push.Notification
	IdempotencyKey string `json:"idempotency_key"`
	Duplicates     int    `json:"duplicates"`
}

// notifications are the pushes the sandbox delivered, oldest first.
func (f *fixture) notifications(t testing.TB) []delivered {
	t.Helper()
	var out []delivered
	f.get(t, "/notifications", &out)
	return out
}

// pushCalls counts the POST /push calls the sandbox received.
func (f *fixture) pushCalls(t testing.TB) int {
	t.Helper()
	var calls []struct {
		Kind string `json:"kind"`
	}
	f.get(t, "/calls", &calls)
	n := 0
	for _, c := range calls {
		if c.Kind == "push" {
			n++
		}
	}
	return n
}

// faults arms the sandbox's faults.
func (f *fixture) faults(t testing.TB, body string) {
	t.Helper()
	resp, err := http.Post(f.gateway.URL+"/faults", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("faults %s: %d", body, resp.StatusCode)
	}
}

func (f *fixture) get(t testing.TB, path string, v any) {
	t.Helper()
	resp, err := http.Get(f.gateway.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

// checkOnceEach fails unless the sandbox delivered exactly the given
// notification ids, each once, with one call each.
func (f *fixture) checkOnceEach(t testing.TB, ids ...string) {
	t.Helper()
	got := f.notifications(t)
	seen := map[string]int{}
	for _, n := range got {
		seen[n.NotificationID]++
		if n.Duplicates != 0 || n.IdempotencyKey != n.NotificationID {
			t.Errorf("%s: %d duplicates, key %q", n.NotificationID, n.Duplicates, n.IdempotencyKey)
		}
	}
	for _, id := range ids {
		if seen[id] != 1 {
			t.Errorf("%s delivered %d times", id, seen[id])
		}
	}
	if len(got) != len(ids) || f.pushCalls(t) != len(ids) {
		t.Errorf("%d delivered in %d calls, want %d", len(got), f.pushCalls(t), len(ids))
	}
}

// orderID is the order of the texts: its short number is #7K2M9Q.
const orderID = "01jd8x2k3m4n5p6q7r8s7k2m9q"

// event is an event of type on the order at version, with data, made by
// hand: what the order's record holds only when it says so (see stored).
func event(typ order.EventType, orderID string, version int64, data order.EventData) order.Event {
	return order.Event{EventID: order.EventIDFor(orderID, version, 1), Type: typ, OrderID: orderID,
		UserID: "u-1", StoreID: "s-1", OrderVersion: version,
		OccurredAt: time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC), Data: data}
}

// draft is a new unpaid order of ¥25.50 with the id, by the user at the
// store, at now.
func draft(t testing.TB, id, userID, storeID string, now time.Time) *order.Order {
	t.Helper()
	o, err := order.New(order.Draft{ID: id, UserID: userID, StoreID: storeID, StoreDay: "2026-11-21",
		Lines:       []order.Line{{SKU: "a", Name: "A", Qty: 1, UnitPrice: 2550, Subtotal: 2550}},
		Amounts:     order.Amounts{Items: 2550, Total: 2550},
		Delivery:    order.Delivery{Name: "Li", Phone: "13800001234", Address: "1 Road"},
		PayDeadline: now.Add(15 * time.Minute)}, now)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// stored stores the order of draft by u-1 at s-1 and drives it to the
// status as orderstoretest.Drive does (paid in full, accepted and made
// ready by its merchant, picked up and delivered by r-1, cancelled by its
// user); it returns the events of its timeline by type, as a consumer
// decodes them.
func (f *fixture) stored(t testing.TB, id string, to order.Status) map[order.EventType]order.Event {
	t.Helper()
	return f.storedBy(t, id, to, "u-1", "s-1")
}

// storedBy is stored for an order of the user at the store.
func (f *fixture) storedBy(t testing.TB, id string, to order.Status, user, store string) map[order.EventType]order.Event {
	t.Helper()
	if _, err := f.repo.Create(context.Background(), draft(t, id, user, store, f.clock.Now())); err != nil {
		t.Fatal(err)
	}
	if to != order.StatusPendingPayment {
		orderstoretest.Drive(t, f.repo, id, to, "r-1", f.clock.Now())
	}
	return f.timeline(t, id)
}

// update makes one move of a stored order and returns the events of its
// timeline by type.
func (f *fixture) update(t testing.TB, id string, move func(o *order.Order) error) map[order.EventType]order.Event {
	t.Helper()
	if _, err := f.repo.Update(context.Background(), id, 0, move); err != nil {
		t.Fatal(err)
	}
	return f.timeline(t, id)
}

func (f *fixture) timeline(t testing.TB, id string) map[order.EventType]order.Event {
	t.Helper()
	changes, err := f.repo.Timeline(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	evs := map[order.EventType]order.Event{}
	for _, c := range changes {
		for _, e := range c.Events {
			evs[e.Type] = viaJSON(t, e)
		}
	}
	return evs
}

// viaJSON is e as a consumer decodes it.
func viaJSON(t testing.TB, e order.Event) order.Event {
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

// notifyUntilDone retries Notify on transient errors, as the consumer
// would, and returns how many tries it took.
func notifyUntilDone(t testing.TB, n *Notifier, e order.Event) int {
	t.Helper()
	for try := 1; try <= 200; try++ {
		err := n.Notify(context.Background(), e)
		if err == nil {
			return try
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("%s never done", e.EventID)
	return 0
}
