package apicheck_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/api"
	"github.com/ordercenter/ordercenter/api/apicheck"
	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/order"
)

// orderJSON is a real order record, encoded as order-query serves it.
func orderJSON(t *testing.T) map[string]any {
	t.Helper()
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	o, err := order.New(order.Draft{ID: order.NewID(now), UserID: "u-1", StoreID: "s-lanzhou", StoreDay: "2026-11-21",
		Lines:       []order.Line{{SKU: "beef-noodle-soup", Name: "Beef noodles", Qty: 1, UnitPrice: 2800, Subtotal: 2800}},
		Amounts:     order.Amounts{Items: 2800, Total: 2800},
		Delivery:    order.Delivery{Name: "Li", Phone: "13800001234", Address: "1 Road"},
		PayDeadline: now.Add(15 * time.Minute)}, now)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(o.Record())
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// answering is a handler that answers every call with status, body and
// the headers every function answer carries, plus extra.
func answering(status int, body any, extra http.Header) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		resp := httpapi.JSON(status, body)
		resp.Header.Set(httpapi.CallIDHeader, "call-1")
		resp.Header.Set("X-Duration-Seconds", "0.001000")
		for k, v := range extra {
			resp.Header[k] = v
		}
		httpapi.WriteResponse(w, resp)
	})
}

// checker is built once: building one compiles every schema.
var checker = sync.OnceValues(func() (*apicheck.Checker, error) { return apicheck.New(api.OpenAPIYAML) })

// checked is what one check found: the problems and answers it added.
type checked struct {
	problems []string
	getOrder int
}

// check sends one GET of an order through the Checker in front of h.
func check(t *testing.T, h http.Handler) checked {
	t.Helper()
	return send(t, h, http.MethodGet, "/function/order-query/orders/o-1", "")
}

// send sends one request through the Checker in front of h, marked
// with mark (apicheck.RequestHeader) when not empty.
func send(t *testing.T, h http.Handler, method, path, mark string) checked {
	t.Helper()
	c, err := checker()
	if err != nil {
		t.Fatal(err)
	}
	before, answered := len(c.Problems()), c.Answered()[getOrder200]
	srv := httptest.NewServer(c.Wrap(h))
	defer srv.Close()
	req, _ := http.NewRequest(method, srv.URL+path, nil)
	req.Header.Set("Authorization", "Bearer token")
	if mark != "" {
		req.Header.Set(apicheck.RequestHeader, mark)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return checked{problems: c.Problems()[before:], getOrder: c.Answered()[getOrder200] - answered}
}

var getOrder200 = apicheck.Answer{Operation: "getOrder", Status: "200"}

func TestAnAnswerTheDocumentListsPasses(t *testing.T) {
	got := check(t, answering(http.StatusOK, orderJSON(t), nil))
	if len(got.problems) > 0 {
		t.Fatalf("problems with a valid answer:\n%s", strings.Join(got.problems, "\n"))
	}
	if got.getOrder != 1 {
		t.Fatalf("%s answered %d times, want once", getOrder200, got.getOrder)
	}
}

// The Must-show of issue 16: a handler that answers a field the document
// does not have fails the check.
func TestAnUndocumentedFieldFailsTheCheck(t *testing.T) {
	body := orderJSON(t)
	body["internal_score"] = 7
	problems := check(t, answering(http.StatusOK, body, nil)).problems
	if len(problems) == 0 || !strings.Contains(strings.Join(problems, "\n"), "internal_score") {
		t.Fatalf("an undocumented field passed: %q", problems)
	}
}

func TestWhatElseTheDocumentDoesNotListFailsTheCheck(t *testing.T) {
	missing := orderJSON(t)
	delete(missing, "version")
	notFound := map[string]any{"error": map[string]any{"code": "not_found", "message": "no such order"}}
	for name, h := range map[string]http.Handler{
		"an undocumented header":    answering(http.StatusOK, orderJSON(t), http.Header{"X-Debug-Shard": {"3"}}),
		"an undocumented status":    answering(http.StatusTeapot, notFound, nil),
		"an undocumented code":      answering(http.StatusNotFound, map[string]any{"error": map[string]any{"code": "gone", "message": "x"}}, nil),
		"a required field missing":  answering(http.StatusOK, missing, nil),
		"a field of the wrong type": answering(http.StatusOK, map[string]any{"error": map[string]any{"code": "not_found", "message": 404}}, nil),
		"no call id": http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			httpapi.WriteResponse(w, httpapi.JSON(http.StatusNotFound, notFound))
		}),
	} {
		if problems := check(t, h).problems; len(problems) == 0 {
			t.Errorf("%s passed", name)
		}
	}
}

func problem(code string) map[string]any {
	return map[string]any{"error": map[string]any{"code": code, "message": "x"}}
}

// The rules the document states in words: another method is 405 with
// Allow naming the documented ones, another path below /function/ 404;
// and a request marked to break the document must break it.
func TestTheRulesBeyondTheDocument(t *testing.T) {
	order := "/function/order-query/orders/o-1"
	for _, c := range []struct {
		name, method, path, mark string
		h                        http.Handler
		ok                       bool
	}{
		{"405 with Allow", "DELETE", order, "", answering(405, problem("method_not_allowed"), http.Header{"Allow": {"GET"}}), true},
		{"405 with another Allow", "DELETE", order, "", answering(405, problem("method_not_allowed"), http.Header{"Allow": {"POST"}}), false},
		{"another method served", "DELETE", order, "", answering(200, orderJSON(t), nil), false},
		{"404 below /function/", "GET", "/function/nope", "", answering(404, problem("not_found"), nil), true},
		{"a path served below /function/", "GET", "/function/nope", "", answering(200, map[string]any{}, nil), false},
		{"a path outside the document", "GET", "/elsewhere", "", answering(404, problem("not_found"), nil), false},
		{"a request marked invalid that is valid", "GET", order, apicheck.RequestInvalid, answering(200, orderJSON(t), nil), false},
		{"a request marked invalid that is", "GET", order + "?debug=1", apicheck.RequestInvalid, answering(400, problem("invalid_request"), nil), true},
		{"an invalid request unmarked", "GET", order + "?debug=1", "", answering(400, problem("invalid_request"), nil), false},
	} {
		if got := send(t, c.h, c.method, c.path, c.mark); (len(got.problems) == 0) != c.ok {
			t.Errorf("%s: problems %q", c.name, got.problems)
		}
	}
}

// Unanswered lists what was documented and not answered, but what is
// allowed; an allowed answer that is not documented is a problem.
func TestUnansweredHonoursTheAllowList(t *testing.T) {
	c, err := apicheck.New(api.OpenAPIYAML)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(c.Wrap(answering(http.StatusOK, orderJSON(t), nil)))
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/function/order-query/orders/o-1", nil)
	req.Header.Set("Authorization", "Bearer token")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	notFound := apicheck.Answer{Operation: "getOrder", Status: "404", Code: "not_found"}
	bogus := apicheck.Answer{Operation: "getOrder", Status: "418"}
	missing := c.Unanswered(map[apicheck.Answer]string{notFound: "not driven here", bogus: "not documented"})
	if len(missing) != len(c.Documented())-2 || slices.Contains(missing, getOrder200) || slices.Contains(missing, notFound) {
		t.Errorf("unanswered %d of %d: %v", len(missing), len(c.Documented()), missing)
	}
	if p := c.Problems(); len(p) != 1 || !strings.Contains(p[0], "418") {
		t.Errorf("problems %q, want the undocumented allowed answer", p)
	}
}
