package refund_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/payment/provider"
	"github.com/ordercenter/ordercenter/shared/payment/sandbox"
	"github.com/ordercenter/ordercenter/shared/refund"
)

// clock is a test clock that moves only when told.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Now().UTC().Truncate(time.Second)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// rig is a refund service on a real store, with the sandbox provider over
// HTTP as its payment provider.
type rig struct {
	store   *crashStore
	repo    *orderstore.Repository
	sandbox *sandbox.Provider
	svc     *refund.Service
	clock   *clock
}

func newRig(t *testing.T, s kv.Store, cfg refund.Config) *rig {
	t.Helper()
	sb, err := sandbox.New(sandbox.Config{WebhookURL: "http://127.0.0.1:1/pay-callback",
		Secrets: func() [][]byte { return [][]byte{[]byte("whsec")} }, MaxHang: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	client, err := provider.New(provider.Config{URL: srv.URL, Timeout: 500 * time.Millisecond,
		Breaker: provider.BreakerConfig{Failures: 100}})
	if err != nil {
		t.Fatal(err)
	}
	r := &rig{store: &crashStore{Store: s}, sandbox: sb, clock: newClock()}
	r.repo = orderstore.New(r.store, orderstore.Options{Now: r.clock.Now})
	cfg.Now, cfg.Partition = r.clock.Now, "refund-due-"+randomHex(4)
	r.svc, err = refund.New(refund.Deps{Orders: r.repo, Store: r.store, Provider: client, Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// paidOrder stores a new order of 5800 CNY and pays it.
func (r *rig) paidOrder(t *testing.T) *order.Order {
	t.Helper()
	now := r.clock.Now()
	o, err := order.New(order.Draft{ID: order.NewID(now), UserID: "u-1", StoreID: "s-1", StoreDay: "2026-11-21",
		Lines:       []order.Line{{SKU: "a", Name: "A", Qty: 2, UnitPrice: 2900, Subtotal: 5800}},
		Amounts:     order.Amounts{Items: 5800, Total: 5800},
		Delivery:    order.Delivery{Name: "Li", Phone: "13800001234", Address: "1 Road"},
		PayDeadline: now.Add(15 * time.Minute)}, now)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := r.repo.Create(ctx, o); err != nil {
		t.Fatal(err)
	}
	txn := "txn-" + randomHex(6)
	if _, err := r.repo.Update(ctx, o.ID(), 0, func(o *order.Order) error {
		return o.Pay(order.Payment{TxnID: txn, Amount: 5800, Currency: "CNY"}, now)
	}); err != nil {
		t.Fatal(err)
	}
	got, err := r.repo.Get(ctx, o.ID())
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// refundOf reads a refund from the master record.
func (r *rig) refundOf(t *testing.T, orderID, refundID string) order.Refund {
	t.Helper()
	o, err := r.repo.Get(context.Background(), orderID)
	if err != nil {
		t.Fatal(err)
	}
	rf, ok := o.Refund(refundID)
	if !ok {
		t.Fatalf("order %s has no refund %s", orderID, refundID)
	}
	return rf
}

// executed counts the refunds the provider carried out under the key:
// calls not failed by a fault and not answered by a replay.
func executed(sb *sandbox.Provider, key string) (executed, calls int) {
	for _, c := range sb.Calls() {
		if c.Kind != sandbox.KindRefund || c.IdempotencyKey != key {
			continue
		}
		calls++
		if !c.Replayed && c.Fault != "fail" {
			executed++
		}
	}
	return executed, calls
}

var service = order.Actor{Role: order.RoleService, ID: "cs-1"}

// crashStore fails the next writes of master records when armed, as a
// process killed before its write would leave things.
type crashStore struct {
	kv.Store
	crashes atomic.Int32
}

var errCrash = errors.New("process killed")

func (c *crashStore) Put(ctx context.Context, it kv.Item, cond kv.Condition) error {
	if strings.HasPrefix(it.PK, "order#") && it.SK == "order" && c.take() {
		return errCrash
	}
	return c.Store.Put(ctx, it, cond)
}

func (c *crashStore) take() bool {
	for {
		n := c.crashes.Load()
		if n <= 0 {
			return false
		}
		if c.crashes.CompareAndSwap(n, n-1) {
			return true
		}
	}
}
