package runner

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/api"
	"github.com/ordercenter/ordercenter/api/apicheck"
	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/sandbox"
)

// The API check of CI (issue 16, part 5): the runner, with a checker in
// front of everything it serves, is driven through the README's
// walkthrough and every error case a client, a provider or the order
// center itself can cause. It fails when an answer is not what
// api/openapi.yaml says (a status, field, header or code it does not
// list), when a request the test means to be valid breaks the document
// (or one meant to break it does not), when a documented answer was never
// given (but those allow-listed below, which the runner cannot give), or
// when an event published meanwhile is not what api/asyncapi.yaml says,
// or a documented event was never published.
func TestEveryAnswerIsInTheAPIDocuments(t *testing.T) {
	check, err := apicheck.New(api.OpenAPIYAML, "/sandbox/")
	if err != nil {
		t.Fatal(err)
	}
	quiet(t)
	s := startChecked(t, check)
	events := recordEvents(t, s.r)

	s.refundFaults()
	s.walkthrough()
	s.menuOrders()
	s.placeOrderRefusals()
	s.placeOrderLimits()
	s.inProgressAndUnavailable()
	s.webhooks()
	s.refunds()
	s.tipRefunds()
	s.lifecycle()
	s.queries()
	s.eventEntries()
	s.pushFaults()
	s.health()
	s.undocumented()
	s.oversized()

	events.waitForEveryType(t)
	for _, p := range check.Problems() {
		t.Error(p)
	}
	for _, a := range check.Unanswered(unreachable(check.Documented())) {
		t.Errorf("documented, never answered: %s", a)
	}
	events.check(t)
	t.Logf("%d documented answers, %d answered, %d allow-listed; %d events checked",
		len(check.Documented()), len(check.Answered()), len(unreachable(check.Documented())), len(events.all()))
}

// startChecked starts a runner whose every HTTP exchange check sees, with
// limits low enough to reach: 3 orders per user an hour, one unpaid order,
// two pushes per user an hour. It reads no other environment: its NATS,
// Redis and store are its own.
func startChecked(t *testing.T, check *apicheck.Checker) *session {
	t.Helper()
	env := map[string]string{"RATE_LIMIT_PER_USER": "3/1h", "RATE_LIMIT_PER_ADDRESS": "0",
		"MAX_UNPAID_ORDERS": "1", "PUSH_RATE_LIMIT": "2/1h"}
	dir := t.TempDir()
	r, err := Start(context.Background(), Config{Addr: "127.0.0.1:0", DataDir: dir, SweepInterval: time.Hour,
		StackFile: filepath.Join("..", "..", "..", "stack.yml"), Logger: slog.New(slog.DiscardHandler),
		Getenv: func(name string) string { return env[name] }, Wrap: check.Wrap})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.Close(context.Background()) })
	return &session{t: t, r: r, dir: dir}
}

// unreachable are the documented answers the runner cannot give here,
// each with why. Every one is still checked when it happens: an entry
// that is answered after all fails the test, so the list stays true.
func unreachable(documented []apicheck.Answer) map[apicheck.Answer]string {
	allowed := map[apicheck.Answer]string{}
	allow := func(op, status, code, why string) {
		allowed[apicheck.Answer{Operation: op, Status: status, Code: code}] = why
	}
	for _, a := range documented {
		if a.Code == string(httpapi.CodeOverloaded) {
			allowed[a] = "more calls in hand at once than MAX_CONCURRENT_CALLS (128): tested in shared/httpapi and the gateway's TestEachFunctionHasItsOwnAdmissionBound"
		}
	}
	for _, op := range []string{"placeOrder", "payCallback", "requestRefund", "getRefund", "getOrder", "getOrderTimeline",
		"getOrderPayments", "listMyOrders", "listStoreOrders", "actOnOrder", "pushNotify", "settleHolds", "sweep"} {
		allow(op, "500", "internal", "a fault of the order center itself (a bug, a panic): no request may cause one")
		allow(op, "504", "dependency_unavailable", "a function overrunning the gateway's 30 s: no dependency of the runner hangs that long")
	}
	for _, op := range []string{"payCallback", "getRefund", "getOrder", "getOrderTimeline", "getOrderPayments", "listMyOrders",
		"listStoreOrders", "actOnOrder", "settleHolds", "sweep"} {
		allow(op, "503", "dependency_unavailable", "only when the store or Redis fails; the runner's embedded store and Redis do not")
	}
	allow("functionStatus", "503", "dependency_unavailable", "a deployed function that cannot be built; the runner builds every function before it serves")
	return allowed
}

// oversized sends every function operation a body over 64 KiB: 413
// before the body is read.
func (s *session) oversized() {
	for _, c := range []apiCall{
		{method: "POST", path: "/function/place-order"}, {method: "POST", path: "/function/pay-callback"},
		{method: "POST", path: "/function/refund"}, {method: "GET", path: "/function/refund/rf-x"},
		{method: "GET", path: "/function/order-query/orders/o-x"}, {method: "GET", path: "/function/order-query/orders/o-x/timeline"},
		{method: "GET", path: "/function/order-query/orders/o-x/payments"},
		{method: "GET", path: "/function/order-query/users/me/orders"}, {method: "GET", path: "/function/order-query/stores/s-lanzhou/orders"},
		{method: "POST", path: "/function/order-action/orders/o-x/accept"}, {method: "POST", path: "/function/push-notify"},
		{method: "POST", path: "/function/holds"}, {method: "POST", path: "/function/sweeper"},
	} {
		c.body, c.want, c.request = big, 413, apicheck.RequestUnchecked
		s.wantCode(c, "invalid_request")
	}
}

// undocumented drives the two rules the document states in words: other
// methods are 405 with Allow, other paths below /function/ 404.
func (s *session) undocumented() {
	user := s.user("u-walk")
	s.wantCode(apiCall{method: "GET", path: "/function/place-order", token: user, want: 405}, "method_not_allowed")
	s.wantCode(apiCall{method: "DELETE", path: "/function/order-query/orders/o-x", token: user, want: 405}, "method_not_allowed")
	s.wantCode(apiCall{method: "GET", path: "/function/refund", token: user, want: 405}, "method_not_allowed")
	s.wantCode(apiCall{method: "GET", path: "/function/no-such-function", want: 404}, "not_found")
	s.wantCode(apiCall{method: "GET", path: "/function/order-query/menus", token: user, want: 404}, "not_found")
}

// health reads every health route, and the runner's while it stops.
func (s *session) health() {
	for _, name := range s.r.gateway.Names() {
		s.send(apiCall{method: "GET", path: "/function/" + name + "/_/status", want: 200})
	}
	s.send(apiCall{method: "GET", path: "/healthz", want: 200})
	s.r.ready.Store(false) // as while the runner stops
	s.send(apiCall{method: "GET", path: "/healthz", want: 503})
	s.r.ready.Store(true)
	for _, path := range []string{"/metrics", "/openapi.json", "/"} {
		if a := s.send(apiCall{method: "GET", path: path, want: 200}); path == "/openapi.json" && !strings.Contains(string(a.body), `"openapi":"3.1.0"`) {
			s.t.Errorf("/openapi.json: %.80s", a.body)
		}
	}
	s.send(apiCall{method: "GET", path: sandbox.CatalogPrefix + "/faults", want: 200})
}

// quiet discards what the functions log through slog's default logger
// (refused calls are logged at WARN) while the test runs.
func quiet(t *testing.T) {
	was := slog.Default()
	slog.SetDefault(slog.New(slog.DiscardHandler))
	t.Cleanup(func() { slog.SetDefault(was) })
}
