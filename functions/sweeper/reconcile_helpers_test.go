package function

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	paycallback "github.com/ordercenter/ordercenter/functions/pay-callback"
	"github.com/ordercenter/ordercenter/shared/clocktest"
	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/order/orderstore/orderstoretest"
	"github.com/ordercenter/ordercenter/shared/payment/apply"
	"github.com/ordercenter/ordercenter/shared/payment/ledger"
	"github.com/ordercenter/ordercenter/shared/payment/provider"
	"github.com/ordercenter/ordercenter/shared/payment/reconcile"
	"github.com/ordercenter/ordercenter/shared/payment/sandbox"
	"github.com/ordercenter/ordercenter/shared/refund"
	"github.com/ordercenter/ordercenter/shared/timers"
)

var quietLog = slog.New(slog.DiscardHandler)

// payRig is the order center around reconciliation: a real store, the
// sandbox provider over HTTP sending its signed webhooks to pay-callback
// over HTTP, the refund service paying back through the sandbox, and the
// sweeper's payment tasks, all on one test clock. Payment queries of the
// orders in unreachable answer 503, as a provider down.
type payRig struct {
	repo    *orderstore.Repository
	sandbox *sandbox.Provider
	refunds *refund.Service
	ledger  *ledger.Recorder
	client  *provider.Client
	clock   *clocktest.Clock

	mu          sync.Mutex
	unreachable map[string]bool
}

func newPayRig(t testing.TB, s kv.Store) *payRig {
	t.Helper()
	r := &payRig{clock: clocktest.New(time.Now().UTC().Truncate(time.Second)), unreachable: map[string]bool{}}
	r.repo = orderstore.New(s, orderstore.Options{Now: r.clock.Now, Logger: quietLog})
	mux := http.NewServeMux()
	hs := httptest.NewServer(mux)
	t.Cleanup(hs.Close)
	var err error
	r.sandbox, err = sandbox.New(sandbox.Config{Prefix: "/provider", WebhookURL: hs.URL + "/pay-callback",
		Secrets: func() [][]byte { return [][]byte{[]byte("whsec")} }, Now: r.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	r.client, err = provider.New(provider.Config{URL: hs.URL + "/provider", Breaker: provider.BreakerConfig{Failures: 1 << 20}})
	if err != nil {
		t.Fatal(err)
	}
	r.ledger = ledger.NewRecorder(r.repo.PaymentLedger(), quietLog)
	r.refunds, err = refund.New(refund.Deps{Orders: r.repo, Index: r.repo.RefundIndex(), Provider: r.client,
		Ledger: r.ledger, Config: refund.Config{Now: r.clock.Now}, Logger: quietLog})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "payment-webhook-secret"), []byte("whsec\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	secrets, err := paycallback.FileSecrets(dir, 0, r.clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	fn := paycallback.New(paycallback.Deps{Orders: r.repo, Ledger: r.ledger, Refunds: r.refunds,
		Secrets: secrets, Now: r.clock.Now, Logger: quietLog})
	mux.Handle("/provider/", r.flaky(r.sandbox))
	mux.Handle("/pay-callback", serveFunction(fn.Handle))
	return r
}

// flaky answers 503 to the payment queries of unreachable orders.
func (r *payRig) flaky(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, hr *http.Request) {
		r.mu.Lock()
		down := strings.HasSuffix(hr.URL.Path, "/payments") && r.unreachable[hr.URL.Query().Get("order_id")]
		r.mu.Unlock()
		if down {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		next.ServeHTTP(w, hr)
	})
}

func (r *payRig) setUnreachable(id string, down bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.unreachable[id] = down
}

// serveFunction adapts a function's Handle to net/http as the gateway does.
func serveFunction(handle func(handler.Request) (handler.Response, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, hr *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(hr.Body, 1<<20))
		req := handler.Request{Method: hr.Method, Header: hr.Header, Body: body}
		req.WithContext(hr.Context())
		resp, _ := handle(req)
		w.WriteHeader(resp.StatusCode)
		_, _ = w.Write(resp.Body)
	})
}

// sweeper is a sweeper with the payment tasks and the refund task, as
// Build wires them.
func (r *payRig) sweeper() *Sweeper {
	tc := timers.Config{Now: r.clock.Now, Budget: time.Minute, Logger: quietLog}
	rc := reconcile.New(r.repo, r.client, apply.New(r.repo, r.refunds, r.ledger, r.clock.Now),
		reconcile.Config{Now: r.clock.Now, Logger: quietLog})
	return New(nil, append(reconciling(r.repo, rc, tc), refund.ResumeTask{Service: r.refunds})...)
}

// sweepOnce sweeps and returns the reports of the two payment tasks;
// the errors of the sweep are returned, not failed on.
func (r *payRig) sweepOnce(s *Sweeper) (timers.PayCheckReport, timers.Report, map[string]string) {
	report := s.Sweep(context.Background())
	return report.Tasks["pay-reconcile"].(timers.PayCheckReport), report.Tasks["pay-timeout"].(timers.Report), report.Errors
}

// placeUnpaid places n unpaid orders (5800 CNY, due in 15 min).
func (r *payRig) placeUnpaid(t testing.TB, n int) []string {
	t.Helper()
	ids := make([]string, n)
	for i := range ids {
		ids[i] = orderstoretest.Place(t, r.repo, orderstoretest.Spec{Now: r.clock.Now()}).OrderID
	}
	return ids
}

// pay has the sandbox take the order's payment of 5800 CNY and returns
// its event id.
func (r *payRig) pay(t testing.TB, id string) string {
	t.Helper()
	d, err := r.sandbox.Pay(context.Background(), sandbox.PayRequest{OrderID: id, Amount: 5800, Currency: "CNY"})
	if err != nil {
		t.Error(err)
	}
	return d.Event.EventID
}

// redeliver has the sandbox send the event's webhook again and fails
// unless pay-callback took it.
func (r *payRig) redeliver(t testing.TB, eventID string) {
	t.Helper()
	d, err := r.sandbox.Redeliver(context.Background(), eventID)
	if err != nil || d.Webhook.Status != http.StatusOK {
		t.Errorf("redeliver %s: %+v %v", eventID, d, err)
	}
}

func (r *payRig) get(t testing.TB, id string) *order.Order {
	t.Helper()
	o, err := r.repo.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// wantLedger checks the order's payment ledger, oldest first, entry by
// entry as "<kind> <source> <outcome>".
func (r *payRig) wantLedger(t testing.TB, id string, want ...string) {
	t.Helper()
	page, err := r.repo.PaymentLedger().Entries(context.Background(), id, 100, "")
	if err != nil {
		t.Fatal(err)
	}
	got := make([]string, len(page.Entries))
	for i, e := range page.Entries {
		got[i] = fmt.Sprintf("%s %s %s", e.Kind, e.Source, e.Outcome)
	}
	if !slices.Equal(got, want) {
		t.Errorf("ledger of %s: %q, want %q", id, got, want)
	}
}

// moves counts the order's timeline changes by type.
func (r *payRig) moves(t testing.TB, id string) map[string]int {
	t.Helper()
	changes, err := r.repo.Timeline(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	n := map[string]int{}
	for _, c := range changes {
		n[c.Type]++
	}
	return n
}
