package catalog_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/catalog"
	"github.com/ordercenter/ordercenter/shared/httpcall"
)

// fake returns a client for a server that answers every request with h.
func fake(t *testing.T, h http.HandlerFunc, opts ...catalog.Option) *catalog.Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := catalog.New(srv.URL, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// answer returns a handler answering status with body.
func answer(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}
}

func TestStatuses(t *testing.T) {
	tests := []struct {
		status int
		want   error
	}{
		{500, catalog.ErrUnavailable}, {502, catalog.ErrUnavailable}, {503, catalog.ErrUnavailable},
		{504, catalog.ErrUnavailable}, {429, catalog.ErrUnavailable},
		{404, catalog.ErrNotFound},
		{400, httpcall.ErrPermanent}, {401, httpcall.ErrPermanent}, {403, httpcall.ErrPermanent},
		{201, catalog.ErrBadResponse}, {204, catalog.ErrBadResponse}, {302, catalog.ErrBadResponse},
	}
	for _, tt := range tests {
		c := fake(t, answer(tt.status, `{"error":{"code":"x","message":"y"}}`))
		_, err := c.GetStore(t.Context(), "s-1")
		if !errors.Is(err, tt.want) {
			t.Errorf("status %d: err = %v; want %v", tt.status, err, tt.want)
		}
		var se *httpcall.Error
		if !errors.As(err, &se) || se.StatusCode != tt.status || se.Dependency != "catalog" {
			t.Errorf("status %d: err = %v; want an *httpcall.Error", tt.status, err)
		}
	}
}

// hang answers nothing until the request is abandoned.
func hang(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }

func TestCallerDeadline(t *testing.T) {
	c := fake(t, hang)
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.GetItems(ctx, "s-1", []string{"k-1"})
	if !errors.Is(err, catalog.ErrUnavailable) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v; want ErrUnavailable wrapping DeadlineExceeded", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v; the deadline was 50ms", d)
	}
}

func TestClientTimeout(t *testing.T) {
	c := fake(t, hang, catalog.WithHTTPClient(&http.Client{Timeout: 50 * time.Millisecond}))
	_, err := c.GetCoupon(t.Context(), "u-1", "c-1")
	if !errors.Is(err, catalog.ErrUnavailable) {
		t.Fatalf("err = %v; want ErrUnavailable", err)
	}
}

func TestSlowBodyTimesOut(t *testing.T) {
	c := fake(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(200)
		_, _ = w.Write([]byte(`{"store_id":`))
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	})
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	if _, err := c.GetStore(ctx, "s-1"); !errors.Is(err, catalog.ErrUnavailable) {
		t.Fatalf("err = %v; want ErrUnavailable", err)
	}
}

func TestCallerCancelIsNotUnavailable(t *testing.T) {
	c := fake(t, hang)
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(20*time.Millisecond, cancel)
	_, err := c.GetStore(ctx, "s-1")
	if !errors.Is(err, context.Canceled) || errors.Is(err, catalog.ErrUnavailable) {
		t.Fatalf("err = %v; want context.Canceled, not ErrUnavailable", err)
	}
}

func TestConnectionRefused(t *testing.T) {
	srv := httptest.NewServer(answer(200, `{}`))
	url := srv.URL
	srv.Close()
	c, err := catalog.New(url)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetStore(t.Context(), "s-1"); !errors.Is(err, catalog.ErrUnavailable) {
		t.Fatalf("err = %v; want ErrUnavailable", err)
	}
}

func TestOversizeBody(t *testing.T) {
	big := `{"store_id":"s-1","name":"` + strings.Repeat("x", catalog.DefaultMaxBodyBytes) + `"}`
	chunked := func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(200)
		for i := 0; i < len(big); i += 4096 {
			_, _ = w.Write([]byte(big[i:min(i+4096, len(big))]))
			w.(http.Flusher).Flush() // no Content-Length
		}
	}
	for name, h := range map[string]http.HandlerFunc{"with length": answer(200, big), "chunked": chunked} {
		_, err := fake(t, h).GetStore(t.Context(), "s-1")
		if !errors.Is(err, catalog.ErrBadResponse) {
			t.Errorf("%s: err = %v; want ErrBadResponse", name, err)
		}
	}
	small := fake(t, answer(200, `{"store_id":"s-1","name":"a long name"}`), catalog.WithMaxBodyBytes(16))
	if _, err := small.GetStore(t.Context(), "s-1"); !errors.Is(err, catalog.ErrBadResponse) {
		t.Errorf("WithMaxBodyBytes(16): err = %v; want ErrBadResponse", err)
	}
}

func TestItemsQuery(t *testing.T) {
	var got string
	c := fake(t, func(w http.ResponseWriter, r *http.Request) {
		got = r.URL.EscapedPath() + "?" + r.URL.RawQuery
		answer(200, `{"items":[]}`)(w, r)
	})
	_, err := c.GetItems(t.Context(), "s 1", []string{"a&b", "c d", "a&b", "e"})
	want := "/stores/s%201/items?ids=a%26b,c+d,e"
	if err != nil || got != want {
		t.Fatalf("GetItems sent %q, %v; want %q", got, err, want)
	}
}
