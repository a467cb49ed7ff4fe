package sandbox_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/ordercenter/ordercenter/shared/push/sandbox"
)

const prefix = "/sandbox/push"

// fixture is a gateway served under prefix.
type fixture struct {
	g   *sandbox.Gateway
	srv *httptest.Server
}

// newFixture starts a gateway; cfg tweaks its config.
func newFixture(t *testing.T, cfg func(*sandbox.Config)) *fixture {
	t.Helper()
	c := sandbox.Config{Prefix: prefix}
	if cfg != nil {
		cfg(&c)
	}
	g, err := sandbox.New(c)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle(prefix+"/", g)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return &fixture{g: g, srv: srv}
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

// push sends a push under key.
func (f *fixture) push(t *testing.T, key, body string) answer {
	t.Helper()
	return f.do(t, "POST", "/push", body, "Idempotency-Key", key)
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

// pushBody is a push's body for notification id to kind:id about order.
func pushBody(id, kind, recipient, order string) string {
	b, _ := json.Marshal(sandbox.Push{NotificationID: id, Recipient: sandbox.Recipient{Kind: kind, ID: recipient},
		Title: "Order paid", Body: "Your order is paid", Data: sandbox.Data{OrderID: order, Event: "order.paid"}})
	return string(b)
}
