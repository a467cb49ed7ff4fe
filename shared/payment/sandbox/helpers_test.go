package sandbox_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/payment/sandbox"
	"github.com/ordercenter/ordercenter/shared/payment/signature"
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
	p   *sandbox.Provider
	srv *httptest.Server
	rc  *receiver
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
	mux := http.NewServeMux()
	mux.Handle(prefix+"/", p)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return &fixture{p: p, srv: srv, rc: rc}
}

// answer is a response read whole.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// do sends method path (below prefix) with body and headers (key, value
// pairs) and reads the answer.
func (f *fixture) do(t *testing.T, method, path, body string, headers ...string) answer {
	t.Helper()
	req, err := http.NewRequest(method, f.srv.URL+prefix+path, bytes.NewBufferString(body))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := f.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return answer{status: resp.StatusCode, header: resp.Header, body: b}
}

// decodeInto decodes a's body into v.
func (a answer) decodeInto(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(a.body, v); err != nil {
		t.Fatalf("answer %d %s: %v", a.status, a.body, err)
	}
}

// errorCode returns the code of an error answer.
func (a answer) errorCode(t *testing.T) string {
	t.Helper()
	var e struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	a.decodeInto(t, &e)
	if e.Error.Message == "" {
		t.Fatalf("error answer without message: %s", a.body)
	}
	return e.Error.Code
}

// refundBody is a refund call's body.
func refundBody(refundID string, amount int) string {
	b, _ := json.Marshal(map[string]any{"refund_id": refundID, "txn_id": "txn-1", "amount": amount, "currency": "CNY"})
	return string(b)
}
