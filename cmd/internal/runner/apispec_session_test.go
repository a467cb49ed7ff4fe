package runner

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/api/apicheck"
	"github.com/ordercenter/ordercenter/shared/auth"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/secrets"
	"github.com/ordercenter/ordercenter/shared/signature"
)

// session drives a runner over HTTP for the API check: every call goes
// through the runner's listener, so the checker in front of it sees it.
type session struct {
	t    *testing.T
	r    *Runner
	dir  string
	keys atomic.Int64
	// walk is the walkthrough's order (ACCEPTED until eventEntries picks
	// it up), unpaid an order left unpaid (cancelled by lifecycle), life
	// the order lifecycle completes, menu the README's order of options
	// and a tip, paid.
	walk, unpaid, life, menu placed
}

// apiCall is one request: its method and path, the caller's token, extra
// headers, a body, the status it must answer (0: any), and the
// apicheck.RequestHeader value when the request is meant to break the
// document.
type apiCall struct {
	method, path string
	token        string
	header       map[string]string
	body         string
	want         int
	request      string
}

// answer is what a call answered.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// decode reads the answer's JSON into v.
func (a answer) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(a.body, v); err != nil {
		t.Fatalf("answer %d %s: %v", a.status, a.body, err)
	}
}

// code is the error code of an error answer.
func (a answer) code() string {
	var e struct {
		Error struct{ Code string } `json:"error"`
	}
	_ = json.Unmarshal(a.body, &e)
	return e.Error.Code
}

func (s *session) send(c apiCall) answer {
	s.t.Helper()
	req, err := http.NewRequest(c.method, s.r.URL()+c.path, strings.NewReader(c.body))
	if err != nil {
		s.t.Fatal(err)
	}
	if c.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	for k, v := range c.header {
		req.Header.Set(k, v)
	}
	if c.request != "" {
		req.Header.Set(apicheck.RequestHeader, c.request)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", c.method, c.path, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if c.want != 0 && resp.StatusCode != c.want {
		s.t.Fatalf("%s %s: %d %s, want %d", c.method, c.path, resp.StatusCode, body, c.want)
	}
	return answer{status: resp.StatusCode, header: resp.Header, body: body}
}

// wantCode sends c and requires the error code too.
func (s *session) wantCode(c apiCall, code string) answer {
	s.t.Helper()
	a := s.send(c)
	if a.code() != code {
		s.t.Fatalf("%s %s: %d %s, want code %s", c.method, c.path, a.status, a.body, code)
	}
	return a
}

func (s *session) token(p auth.Principal) string {
	s.t.Helper()
	return tokenFor(s.t, s.dir, p)
}

func (s *session) user(id string) string {
	return s.token(auth.Principal{Subject: id, Role: auth.RoleUser})
}

func (s *session) merchant(store string) string {
	return s.token(auth.Principal{Subject: "m-" + store, Role: auth.RoleMerchant, StoreID: store})
}

func (s *session) rider(id string) string {
	return s.token(auth.Principal{Subject: id, Role: auth.RoleRider})
}

func (s *session) service() string {
	return s.token(auth.Principal{Subject: "cs-1", Role: auth.RoleService})
}

// key is a fresh Idempotency-Key.
func (s *session) key() string { return fmt.Sprintf("k-%d", s.keys.Add(1)) }

// orderBody is a place-order body of qty of a sku at a store.
func orderBody(store, sku string, qty int, extra string) string {
	return fmt.Sprintf(`{"store_id":%q,"items":[{"sku_id":%q,"qty":%d}],
		"delivery":{"name":"Li","phone":"13800001234","address":"1 Renmin Rd"}%s}`, store, sku, qty, extra)
}

// placed is what a test keeps of a placed order.
type placed struct {
	OrderID string `json:"order_id"`
	Version int64  `json:"version"`
	Amounts struct {
		Total int64 `json:"total"`
	} `json:"amounts"`
}

// place places two bowls of beef noodles at s-lanzhou for the user's token.
func (s *session) place(token string) placed {
	s.t.Helper()
	var p placed
	s.send(apiCall{method: "POST", path: "/function/place-order", token: token, want: 201,
		header: map[string]string{"Idempotency-Key": s.key()}, body: orderBody("s-lanzhou", "beef-noodle-soup", 2, "")}).decode(s.t, &p)
	return p
}

// pay pays the order through the sandbox provider, whose signed webhook
// reaches pay-callback through the checker.
func (s *session) pay(p placed, amount int64) {
	s.t.Helper()
	body, _ := json.Marshal(map[string]any{"order_id": p.OrderID, "amount": amount})
	s.send(apiCall{method: "POST", path: "/sandbox/payments/pay", body: string(body), want: 200})
}

// act takes an action on an order.
func (s *session) act(token, orderID, action string, want int) answer {
	s.t.Helper()
	return s.send(apiCall{method: "POST", path: "/function/order-action/orders/" + orderID + "/" + action, token: token, want: want})
}

// arm tells a sandbox what to get wrong next ({"fail_next": 1}), or, with
// "", to stop.
func (s *session) arm(sandboxPrefix, faults string) {
	s.t.Helper()
	if faults == "" {
		s.send(apiCall{method: "DELETE", path: sandboxPrefix + "/faults", want: 200})
		return
	}
	s.send(apiCall{method: "POST", path: sandboxPrefix + "/faults", body: faults, want: 200})
}

// webhook posts a payment notification signed with the runner's webhook
// secret.
func (s *session) webhook(body string, want int, request string) answer {
	s.t.Helper()
	secret, err := secrets.Current(filepath.Join(s.dir, "secrets"), secrets.PaymentWebhookSecret)
	if err != nil {
		s.t.Fatal(err)
	}
	sig := signature.Sign(secret, time.Now(), []byte(body))
	return s.send(apiCall{method: "POST", path: "/function/pay-callback", body: body, want: want, request: request,
		header: map[string]string{signature.HeaderName: sig}})
}

// signed is the Oc-Origin proof of body, as the order center signs its
// events and schedules.
func (s *session) signed(body string) string {
	s.t.Helper()
	signer, err := s.r.deps.Signer()
	if err != nil {
		s.t.Fatal(err)
	}
	proof, err := signer.Sign([]byte(body))
	if err != nil {
		s.t.Fatal(err)
	}
	return proof
}

// event is the JSON of the order's event of the given type, as its
// publisher encoded it (the last one of that type on its timeline).
func (s *session) event(orderID string, typ order.EventType) string {
	s.t.Helper()
	_, changes, err := ordersOf(s.t, s.r).GetWithTimeline(s.t.Context(), orderID)
	if err != nil {
		s.t.Fatal(err)
	}
	for i := len(changes) - 1; i >= 0; i-- {
		for _, ev := range changes[i].Events {
			if ev.Type == typ {
				raw, err := json.Marshal(ev)
				if err != nil {
					s.t.Fatal(err)
				}
				return string(raw)
			}
		}
	}
	s.t.Fatalf("order %s has no %s event", orderID, typ)
	return ""
}

// deliver posts an event to an internal function as the NATS connector
// does: the subject in X-Topic, the proof of origin in Oc-Origin.
func (s *session) deliver(function, event string, typ order.EventType, want int) answer {
	s.t.Helper()
	return s.send(s.deliverCall(function, event, typ, want))
}

// deliverCall is the call deliver sends (with X-Topic naming topic).
func (s *session) deliverCall(function, event string, topic order.EventType, want int) apiCall {
	return apiCall{method: "POST", path: "/function/" + function, body: event, want: want,
		header: map[string]string{"X-Topic": topic.Subject(), "Oc-Origin": s.signed(event)}}
}

// waitFor polls until done holds (10 s at most).
func (s *session) waitFor(what string, done func() bool) {
	s.t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if done() {
			return
		}
	}
	s.t.Fatalf("waited 10 s for %s", what)
}

// refundStatus reads a refund's status as the service sees it.
func (s *session) refundStatus(refundID string) string {
	s.t.Helper()
	var v struct {
		Status string `json:"status"`
	}
	a := s.send(apiCall{method: "GET", path: "/function/refund/" + refundID, token: s.service()})
	if a.status != 200 {
		return ""
	}
	a.decode(s.t, &v)
	return v.Status
}

// big is a body just over the 64 KiB every function accepts.
var big = `"` + strings.Repeat("x", 64*1024) + `"`
