package sandbox_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/payment/sandbox"
	"github.com/ordercenter/ordercenter/shared/sandbox/sandboxtest"
	"github.com/ordercenter/ordercenter/shared/signature"
)

const prefix = "/sandbox/payments"

var testSecrets = [][]byte{[]byte("whsec-current"), []byte("whsec-previous")}

// receiver plays pay-callback: it verifies every webhook with the
// signature package and keeps what it got.
type receiver struct {
	mu      sync.Mutex
	status  int
	bodies  [][]byte
	headers []string
	errs    []error
}

// ServeHTTP verifies and keeps one webhook, answering r.status (200 by default).
func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	h := r.Header.Get(signature.HeaderName)
	err := signature.Verify(h, body, testSecrets[1:2], time.Now(), 0)
	if err != nil {
		err = signature.Verify(h, body, testSecrets[:1], time.Now(), 0)
	}
	rc.mu.Lock()
	rc.bodies, rc.headers, rc.errs = append(rc.bodies, body), append(rc.headers, h), append(rc.errs, err)
	status := rc.status
	rc.mu.Unlock()
	if err != nil {
		status = http.StatusUnauthorized
	}
	if status == 0 {
		status = http.StatusOK
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(`{"result":"success"}`))
}

// events returns the webhooks received, decoded, failing on a bad signature.
func (rc *receiver) events(t *testing.T) []sandbox.Event {
	t.Helper()
	rc.mu.Lock()
	defer rc.mu.Unlock()
	var out []sandbox.Event
	for i, b := range rc.bodies {
		if rc.errs[i] != nil {
			t.Fatalf("webhook %d did not verify: %v", i, rc.errs[i])
		}
		var ev sandbox.Event
		if err := json.Unmarshal(b, &ev); err != nil {
			t.Fatalf("webhook %d: %v", i, err)
		}
		out = append(out, ev)
	}
	return out
}

// fixture is a provider served under prefix, with its webhook receiver.
type fixture struct {
	sandboxtest.Client
	p  *sandbox.Provider
	rc *receiver
}

// newFixture starts a receiver and a provider sending to it; cfg tweaks
// the provider's config.
func newFixture(t *testing.T, cfg func(*sandbox.Config)) *fixture {
	t.Helper()
	rc := &receiver{}
	hook := httptest.NewServer(rc)
	t.Cleanup(hook.Close)
	c := sandbox.Config{Prefix: prefix, WebhookURL: hook.URL + "/function/pay-callback",
		Secrets: func() [][]byte { return testSecrets }}
	if cfg != nil {
		cfg(&c)
	}
	p, err := sandbox.New(c)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{Client: sandboxtest.Serve(t, prefix, p), p: p, rc: rc}
}

// refundBody is a refund call's body.
func refundBody(refundID string, amount int) string {
	b, _ := json.Marshal(map[string]any{"refund_id": refundID, "txn_id": "txn-1", "amount": amount, "currency": "CNY"})
	return string(b)
}
