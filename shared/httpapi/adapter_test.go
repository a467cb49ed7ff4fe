package httpapi

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	handler "github.com/openfaas/templates-sdk/go-http"
)

type echo struct{ got handler.Request }

func (e *echo) Handle(req handler.Request) (handler.Response, error) {
	e.got = req
	return handler.Response{Body: req.Body}, nil
}

// countingBody counts what is read of it.
type countingBody struct {
	left, read int
}

func (b *countingBody) Read(p []byte) (int, error) {
	if b.left == 0 {
		return 0, io.EOF
	}
	n := min(len(p), b.left)
	b.left -= n
	b.read += n
	return n, nil
}

func TestServerBoundsBodies(t *testing.T) {
	fn := &echo{}
	s := &Server{Function: fn, MaxRequestBytes: 100}
	declared := &countingBody{left: 10 << 20}
	req := httptest.NewRequest(http.MethodPost, "/", declared)
	req.ContentLength = 10 << 20
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != 413 || declared.read != 0 || !strings.Contains(rec.Body.String(), `"invalid_request"`) {
		t.Fatalf("declared 10 MiB: %d %s after reading %d bytes", rec.Code, rec.Body, declared.read)
	}
	chunked := &countingBody{left: 10 << 20}
	req = httptest.NewRequest(http.MethodPost, "/", chunked)
	req.ContentLength = -1
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != 413 || chunked.read > 64<<10 {
		t.Fatalf("chunked 10 MiB: %d after reading %d bytes", rec.Code, chunked.read)
	}
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/orders/1?x=1", strings.NewReader("hello")))
	if rec.Code != 200 || rec.Body.String() != "hello" || fn.got.Header.Get(PathHeader) != "/orders/1" ||
		fn.got.QueryString != "x=1" || fn.got.Header.Get(CallIDHeader) == "" || rec.Header().Get(CallIDHeader) == "" {
		t.Fatalf("served %d %q, request %+v", rec.Code, rec.Body, fn.got)
	}
}

func TestServerAppendsThePeerAsAGatewayDoes(t *testing.T) {
	fn := &echo{}
	req := httptest.NewRequest(http.MethodPost, "/", nil)
	req.RemoteAddr = "192.0.2.7:5000"
	req.Header.Set("X-Forwarded-For", "198.51.100.1")
	(&Server{Function: fn, AppendPeer: true}).ServeHTTP(httptest.NewRecorder(), req)
	if got := fn.got.Header.Get("X-Forwarded-For"); got != "198.51.100.1, 192.0.2.7" {
		t.Errorf("X-Forwarded-For %q", got)
	}
	(&Server{Function: fn}).ServeHTTP(httptest.NewRecorder(), req)
	if got := fn.got.Header.Get("X-Forwarded-For"); got != "198.51.100.1" {
		t.Errorf("the template changed X-Forwarded-For: %q", got)
	}
}
