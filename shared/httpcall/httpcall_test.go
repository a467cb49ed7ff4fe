package httpcall

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/breaker"
)

// server answers every call with the handler it holds and counts calls.
type server struct {
	*httptest.Server
	calls  atomic.Int64
	answer atomic.Value // http.HandlerFunc
}

func newServer(t *testing.T, h http.HandlerFunc) *server {
	t.Helper()
	s := &server{}
	s.answer.Store(h)
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.calls.Add(1)
		s.answer.Load().(http.HandlerFunc)(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *server) set(h http.HandlerFunc) { s.answer.Store(h) }

// status answers code with a JSON error body and the given headers.
func status(code int, headers ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		w.WriteHeader(code)
		_, _ = io.WriteString(w, `{"error":{"code":"the_code","message":"free text"}}`)
	}
}

// hang answers nothing until the call is abandoned.
func hang(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }

func newClient(t *testing.T, url string, tweak ...func(*Config)) *Client {
	t.Helper()
	cfg := Config{Name: "dep", BaseURL: url, Timeout: time.Second, MaxAnswerBytes: 64,
		Breaker: breaker.Config{Failures: 1 << 20}}
	for _, f := range tweak {
		f(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestStatusMapping(t *testing.T) {
	tests := []struct {
		name   string
		answer http.HandlerFunc
		want   error // nil: success
		status int
		after  time.Duration
	}{
		{"200", status(200), nil, 200, 0},
		{"202", status(202), nil, 202, 0},
		{"404", status(404), ErrNotFound, 404, 0},
		{"400", status(400), ErrPermanent, 400, 0},
		{"409 with Retry-After", status(409, "Retry-After", "3"), ErrPermanent, 409, 0},
		{"429 with Retry-After", status(429, "Retry-After", "7"), ErrTransient, 429, 7 * time.Second},
		{"429 asking too much", status(429, "Retry-After", "86400"), ErrTransient, 429, DefaultMaxRetryAfter},
		{"500", status(500), ErrTransient, 500, 0},
		{"503 with Retry-After", status(503, "Retry-After", "2"), ErrTransient, 503, 2 * time.Second},
		{"redirect", status(302, "Location", "/elsewhere"), ErrBadAnswer, 302, 0},
		{"oversized", func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, strings.Repeat("x", 65)) },
			ErrBadAnswer, 200, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ans, err := newClient(t, newServer(t, tt.answer).URL).Do(t.Context(), Request{Path: "/x"})
			if tt.want == nil {
				if err != nil || ans.StatusCode != tt.status || len(ans.Body) == 0 {
					t.Fatalf("got %+v, %v", ans, err)
				}
				return
			}
			var e *Error
			if !errors.Is(err, tt.want) || !errors.As(err, &e) || e.StatusCode != tt.status || RetryAfterOf(err) != tt.after {
				t.Fatalf("got %v (after %s), want %v %d after %s", err, RetryAfterOf(err), tt.want, tt.status, tt.after)
			}
			if errors.Is(err, ErrTransient) == errors.Is(err, ErrPermanent) {
				t.Fatalf("%v is both or neither transient and permanent", err)
			}
			if e.Dependency != "dep" || strings.Contains(err.Error(), "free text") {
				t.Fatalf("error %q", err)
			}
		})
	}
}

func TestErrorCodeIsRead(t *testing.T) {
	_, err := newClient(t, newServer(t, status(422)).URL).Do(t.Context(), Request{})
	var e *Error
	if !errors.As(err, &e) || e.Code != "the_code" || !strings.Contains(err.Error(), "(the_code)") {
		t.Fatalf("got %v", err)
	}
}

func TestRequestIsSent(t *testing.T) {
	var got *http.Request
	var body string
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got, body = r, string(b)
		w.WriteHeader(201)
	})
	c := newClient(t, s.URL+"/prefix/", func(c *Config) { c.Header = http.Header{"Authorization": {"Bearer k"}} })
	_, err := c.Do(t.Context(), Request{Method: http.MethodPost, Path: "/p%20q", Query: "a=1,2", Body: []byte(`{}`), IdempotencyKey: "k-1"})
	if err != nil {
		t.Fatal(err)
	}
	if got.Method != "POST" || got.URL.EscapedPath() != "/prefix/p%20q" || got.URL.RawQuery != "a=1,2" || body != `{}` ||
		got.Header.Get("Idempotency-Key") != "k-1" || got.Header.Get("Authorization") != "Bearer k" ||
		got.Header.Get("Content-Type") != "application/json" || got.Header.Get("Accept") != "application/json" {
		t.Fatalf("request %s %s %v %s", got.Method, got.URL, got.Header, body)
	}
}

func TestTimeoutAndNoAnswer(t *testing.T) {
	c := newClient(t, newServer(t, hang).URL, func(c *Config) { c.Timeout = 30 * time.Millisecond })
	start := time.Now()
	_, err := c.Do(t.Context(), Request{})
	if !errors.Is(err, ErrTransient) || !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > time.Second {
		t.Fatalf("timeout: %v after %s", err, time.Since(start))
	}
	gone := httptest.NewServer(status(200))
	gone.Close()
	_, err = newClient(t, gone.URL).Do(t.Context(), Request{})
	var e *Error
	if !errors.Is(err, ErrTransient) || !errors.As(err, &e) || strings.Contains(e.Summary(), "127.0.0.1") || e.Detail == "" {
		t.Fatalf("refused: %v (summary %q)", err, e.Summary())
	}
}

func TestCallerCancelIsNotTransient(t *testing.T) {
	c := newClient(t, newServer(t, hang).URL, func(c *Config) { c.Breaker.Failures = 1 })
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(20*time.Millisecond, cancel)
	_, err := c.Do(ctx, Request{})
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrTransient) || errors.Is(err, ErrPermanent) {
		t.Fatalf("got %v", err)
	}
	if c.Breaker().Open() {
		t.Fatal("a call the caller cancelled opened the breaker")
	}
}

func TestBreakerOpensAndRecovers(t *testing.T) {
	s := newServer(t, status(503))
	c := newClient(t, s.URL, func(c *Config) { c.Breaker = breaker.Config{Failures: 3, OpenFor: 100 * time.Millisecond} })
	ctx := t.Context()
	for range 2 {
		_, _ = c.Do(ctx, Request{})
	}
	s.set(status(404)) // an answer: it resets the count
	if _, err := c.Do(ctx, Request{}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("404: %v", err)
	}
	s.set(status(503))
	for range 3 {
		if _, err := c.Do(ctx, Request{}); errors.Is(err, ErrCircuitOpen) {
			t.Fatalf("opened early: %v", err)
		}
	}
	_, err := c.Do(ctx, Request{})
	if wait := RetryAfterOf(err); !errors.Is(err, ErrCircuitOpen) || !errors.Is(err, ErrTransient) || !errors.Is(err, breaker.ErrOpen) ||
		wait <= 0 || wait > 100*time.Millisecond {
		t.Fatalf("open: %v (after %s)", err, wait)
	}
	if s.calls.Load() != 6 {
		t.Fatalf("%d calls reached the server, want 6", s.calls.Load())
	}
	time.Sleep(110 * time.Millisecond)
	if _, err := c.Do(ctx, Request{}); errors.Is(err, ErrCircuitOpen) || s.calls.Load() != 7 {
		t.Fatalf("half-open trial: %v, %d calls", err, s.calls.Load())
	}
	if _, err := c.Do(ctx, Request{}); !errors.Is(err, ErrCircuitOpen) {
		t.Fatalf("a failed trial must open it again: %v", err)
	}
	time.Sleep(110 * time.Millisecond)
	s.set(status(200))
	for i := range 3 {
		if _, err := c.Do(ctx, Request{}); err != nil {
			t.Fatalf("recovered, call %d: %v", i, err)
		}
	}
}

func TestNewChecksTheConfig(t *testing.T) {
	good := []string{"http://h", "https://h:1/p/", "http://127.0.0.1:8080/sandbox/catalog"}
	for _, u := range good {
		if _, err := New(Config{Name: "d", BaseURL: u}); err != nil {
			t.Errorf("%q: %v", u, err)
		}
	}
	bad := []string{"", "h:8080", "ftp://h", "http://", "http://h/?x=1", "http://h/#f", "http://u:p@h/", "http://h/%zz"}
	for _, u := range bad {
		if _, err := New(Config{Name: "d", BaseURL: u}); err == nil {
			t.Errorf("%q accepted", u)
		}
	}
	if _, err := New(Config{BaseURL: "http://h"}); err == nil {
		t.Error("no name accepted")
	}
}
