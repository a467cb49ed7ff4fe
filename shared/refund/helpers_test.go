package refund_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/clocktest"
	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/order/orderstore/orderstoretest"
	"github.com/ordercenter/ordercenter/shared/payment/ledger"
	"github.com/ordercenter/ordercenter/shared/payment/provider"
	"github.com/ordercenter/ordercenter/shared/payment/sandbox"
	"github.com/ordercenter/ordercenter/shared/refund"
)

// newClock is a test clock at the present second (UTC).
func newClock() *clocktest.Clock { return clocktest.New(time.Now().UTC().Truncate(time.Second)) }

// rig is a refund service on a real store, with the sandbox provider over
// HTTP as its payment provider.
type rig struct {
	store   *crashStore
	url     string // the sandbox's
	repo    *orderstore.Repository
	sandbox *sandbox.Provider
	svc     *refund.Service
	clock   *clocktest.Clock
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
	r := &rig{store: &crashStore{Store: s}, url: srv.URL, sandbox: sb, clock: newClock()}
	r.repo = orderstore.New(r.store, orderstore.Options{Now: r.clock.Now})
	cfg.Now = r.clock.Now
	r.svc, err = refund.New(refund.Deps{Orders: r.repo, Index: r.repo.RefundIndex(), Provider: client, Config: cfg,
		Ledger: ledger.NewRecorder(r.repo.PaymentLedger(), nil)})
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
	id := orderstoretest.Place(t, r.repo, orderstoretest.Spec{Now: now}).OrderID
	orderstoretest.Drive(t, r.repo, id, order.StatusPaid, "", now)
	got, err := r.repo.Get(context.Background(), id)
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

var service = order.Actor{Role: order.RoleService, ID: "cs-1"}

// webhook is the ledger entry of a verified refund notification.
func webhook(eventID string) ledger.Entry {
	return ledger.Entry{Kind: ledger.KindNotification, Source: ledger.SourceWebhook, EventID: eventID}
}

// entries reads the order's payment ledger, oldest first.
func (r *rig) entries(t *testing.T, orderID string) []ledger.Entry {
	t.Helper()
	page, err := r.repo.PaymentLedger().Entries(context.Background(), orderID, 100, "")
	if err != nil {
		t.Fatal(err)
	}
	return page.Entries
}

// count counts the entries of a kind and outcome.
func count(entries []ledger.Entry, kind ledger.Kind, outcome ledger.Outcome) int {
	n := 0
	for _, e := range entries {
		if e.Kind == kind && e.Outcome == outcome {
			n++
		}
	}
	return n
}

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
