package gateway

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/httpapi"
)

// recorder is a function that remembers the request it was given.
type recorder struct {
	mu       sync.Mutex
	req      handler.Request
	deadline time.Time
	answer   handler.Response
}

func (f *recorder) Handle(req handler.Request) (handler.Response, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.req = req
	f.deadline, _ = req.Context().Deadline()
	return f.answer, nil
}

// templateRequest builds the request exactly as the OpenFaaS golang-http
// template's main.go does from what the of-watchdog hands it.
func templateRequest(r *http.Request) handler.Request {
	body, _ := io.ReadAll(r.Body)
	req := handler.Request{Body: body, Header: r.Header, Method: r.Method,
		QueryString: r.URL.RawQuery, Host: r.Host}
	req.WithContext(r.Context())
	return req
}

func TestRequestMatchesTheGolangHTTPTemplate(t *testing.T) {
	fn := &recorder{answer: handler.Response{StatusCode: 201, Body: []byte(`{"ok":true}`),
		Header: http.Header{"Content-Type": {"application/json"}}}}
	g := New(Config{Timeout: 5 * time.Second})
	g.Register("echo", fn)
	srv := httptest.NewServer(g)
	defer srv.Close()
	var fromTemplate handler.Request
	tpl := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fromTemplate = templateRequest(r)
	}))
	defer tpl.Close()

	send := func(base, path string) *http.Response {
		req, _ := http.NewRequest(http.MethodPut, base+path+"?a=1&b=two%20words", strings.NewReader(`{"x":1}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer t")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	resp := send(srv.URL, "/function/echo/orders/o-1/accept")
	send(tpl.URL, "/orders/o-1/accept")
	got := fn.req
	if got.Method != fromTemplate.Method || got.QueryString != fromTemplate.QueryString ||
		!bytes.Equal(got.Body, fromTemplate.Body) {
		t.Errorf("gateway gave %s %q %s, the template %s %q %s", got.Method, got.QueryString, got.Body,
			fromTemplate.Method, fromTemplate.QueryString, fromTemplate.Body)
	}
	for k := range fromTemplate.Header {
		if got.Header.Get(k) != fromTemplate.Header.Get(k) {
			t.Errorf("header %s: %q, template %q", k, got.Header.Get(k), fromTemplate.Header.Get(k))
		}
	}
	if got.Header.Get("X-Call-Id") == "" || got.Header.Get(httpapi.PathHeader) != "/orders/o-1/accept" {
		t.Errorf("call id %q, path %q", got.Header.Get("X-Call-Id"), got.Header.Get(httpapi.PathHeader))
	}
	if fn.deadline.IsZero() || time.Until(fn.deadline) > 5*time.Second {
		t.Errorf("context deadline %v, want one within the gateway's timeout", fn.deadline)
	}
	if resp.StatusCode != 201 || resp.Header.Get("Content-Type") != "application/json" || resp.Header.Get("X-Call-Id") == "" {
		t.Errorf("answer %d %v", resp.StatusCode, resp.Header)
	}
}

func TestCallIDIsKeptWhenGiven(t *testing.T) {
	fn := &recorder{}
	g := New(Config{})
	g.Register("f", fn)
	req := httptest.NewRequest(http.MethodGet, "/function/f", nil)
	req.Header.Set("X-Call-Id", "call-7")
	rec := httptest.NewRecorder()
	g.ServeHTTP(rec, req)
	if fn.req.Header.Get("X-Call-Id") != "call-7" || rec.Header().Get("X-Call-Id") != "call-7" {
		t.Errorf("call id not kept: %q / %q", fn.req.Header.Get("X-Call-Id"), rec.Header().Get("X-Call-Id"))
	}
	if fn.req.Header.Get(httpapi.PathHeader) != "/" {
		t.Errorf("subpath %q, want /", fn.req.Header.Get(httpapi.PathHeader))
	}
}

func TestLimitsAndFailures(t *testing.T) {
	g := New(Config{MaxBodyBytes: 10, Timeout: 50 * time.Millisecond})
	g.Register("ok", &recorder{})
	g.Register("panics", funcHandler(func(handler.Request) (handler.Response, error) { panic("boom at 10.0.0.1") }))
	g.Register("slow", funcHandler(func(req handler.Request) (handler.Response, error) {
		time.Sleep(time.Second)
		return handler.Response{}, nil
	}))
	cases := []struct {
		path, body string
		status     int
	}{
		{"/function/none", "", 404},
		{"/function/", "", 404},
		{"/other", "", 404},
		{"/function/ok", strings.Repeat("x", 11), 413},
		{"/function/panics", "", 500},
		{"/function/slow", "", 504},
	}
	for _, c := range cases {
		rec := httptest.NewRecorder()
		g.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, c.path, strings.NewReader(c.body)))
		if rec.Code != c.status || !json.Valid(rec.Body.Bytes()) || strings.Contains(rec.Body.String(), "boom") {
			t.Errorf("%s: %d %s, want %d with a JSON error", c.path, rec.Code, rec.Body, c.status)
		}
	}
}

type funcHandler func(handler.Request) (handler.Response, error)

func (f funcHandler) Handle(req handler.Request) (handler.Response, error) { return f(req) }
