package function

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/events/eventstest"
	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/order/orderstore/orderstoretest"
	"github.com/ordercenter/ordercenter/shared/payment/ledger"
	"github.com/ordercenter/ordercenter/shared/payment/provider"
	"github.com/ordercenter/ordercenter/shared/payment/sandbox"
	"github.com/ordercenter/ordercenter/shared/refund"
)

// rig is pay-callback served over HTTP on a real store, with the refund
// service and the sandbox provider, which signs and sends its webhooks to
// it as a real provider does.
type rig struct {
	fn      *Function
	repo    *orderstore.Repository
	ledger  *ledger.Recorder
	refunds *refund.Service
	sandbox *sandbox.Provider
	url     string
}

// writeSecrets writes payment-webhook-secret into a fresh directory.
func writeSecrets(t testing.TB, content string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "payment-webhook-secret"), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

func newRig(t testing.TB, s kv.Store, srv *eventstest.Server) *rig {
	t.Helper()
	r := &rig{}
	opts := orderstore.Options{}
	if srv != nil {
		opts.Publisher, _ = events.NewPublisher(srv.Connect(), nil)
	}
	r.repo = orderstore.New(s, opts)
	mux := http.NewServeMux()
	hs := httptest.NewServer(mux)
	t.Cleanup(hs.Close)
	sb, err := sandbox.New(sandbox.Config{Prefix: "/provider", WebhookURL: hs.URL + "/pay-callback",
		Secrets: func() [][]byte { return [][]byte{[]byte("whsec-current")} }})
	if err != nil {
		t.Fatal(err)
	}
	client, _ := provider.New(provider.Config{URL: hs.URL + "/provider"})
	r.ledger = ledger.NewRecorder(r.repo.PaymentLedger(), nil)
	r.refunds, err = refund.New(refund.Deps{Orders: r.repo, Index: r.repo.RefundIndex(), Provider: client, Ledger: r.ledger})
	if err != nil {
		t.Fatal(err)
	}
	r.fn = New(Deps{Orders: r.repo, Ledger: r.ledger, Refunds: r.refunds,
		Secrets: fileSecrets(t, writeSecrets(t, "whsec-current\nwhsec-old\n"), 0, time.Now)})
	mux.Handle("/provider/", sb)
	mux.Handle("/pay-callback", serve(r.fn))
	r.sandbox, r.url = sb, hs.URL+"/pay-callback"
	return r
}

// serve adapts the function to net/http as the gateway does.
func serve(fn *Function) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, hr *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(hr.Body, 1<<20))
		req := handler.Request{Method: hr.Method, Header: hr.Header, Body: body}
		req.WithContext(hr.Context())
		resp, _ := fn.Handle(req)
		for k, v := range resp.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(resp.StatusCode)
		_, _ = w.Write(resp.Body)
	})
}

// newOrder stores an unpaid order of 5800 CNY.
func (r *rig) newOrder(t testing.TB) string {
	t.Helper()
	return orderstoretest.Place(t, r.repo, orderstoretest.Spec{}).OrderID
}

// pay has the sandbox send a payment webhook and returns its answer.
func (r *rig) pay(t testing.TB, req sandbox.PayRequest) sandbox.Delivery {
	t.Helper()
	d, err := r.sandbox.Pay(context.Background(), req)
	if err != nil {
		t.Fatalf("pay: %v", err)
	}
	return d
}

// changes counts the order's timeline entries of a type.
func (r *rig) changes(t testing.TB, orderID, typ string) int {
	t.Helper()
	timeline, err := r.repo.Timeline(context.Background(), orderID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range timeline {
		if c.Type == typ {
			n++
		}
	}
	return n
}

// entries reads the order's payment ledger, oldest first.
func (r *rig) entries(t testing.TB, orderID string) []ledger.Entry {
	t.Helper()
	page, err := r.repo.PaymentLedger().Entries(context.Background(), orderID, 100, "")
	if err != nil {
		t.Fatal(err)
	}
	return page.Entries
}

// outcomes names each entry by kind and outcome, oldest first.
func outcomes(entries []ledger.Entry) []string {
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = string(e.Kind) + " " + string(e.Outcome)
	}
	return out
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func writeSecretsIn(t testing.TB, dir, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "payment-webhook-secret"), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func refundInput(orderID, id string) refund.Input {
	return refund.Input{OrderID: orderID, RefundID: id, Amount: 100}
}

// fileSecrets is FileSecrets over a file the test wrote.
func fileSecrets(t testing.TB, dir string, ttl time.Duration, now func() time.Time) Secrets {
	t.Helper()
	s, err := FileSecrets(dir, ttl, now)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
