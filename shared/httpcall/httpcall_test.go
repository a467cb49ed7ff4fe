package httpcall

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestPostSendsAndReadsABoundedAnswer(t *testing.T) {
	var got *http.Request
	var body string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got, body = r, string(b)
		w.Header().Set("X-Answer", "yes")
		w.WriteHeader(http.StatusTeapot)
		_, _ = w.Write([]byte(strings.Repeat("x", 100)))
	}))
	defer srv.Close()
	c := Caller{Client: NoRedirects(), Timeout: time.Second, MaxAnswerBytes: 10}
	ans, err := c.Post(context.Background(), Request{URL: srv.URL + "/p", Body: []byte(`{}`),
		IdempotencyKey: "k-1", Bearer: "secret"})
	if err != nil || ans.Status != http.StatusTeapot || len(ans.Body) != 10 || ans.Header.Get("X-Answer") != "yes" {
		t.Fatalf("answer %+v, %v", ans, err)
	}
	if got.Method != http.MethodPost || got.URL.Path != "/p" || body != `{}` || got.Header.Get("Idempotency-Key") != "k-1" ||
		got.Header.Get("Authorization") != "Bearer secret" || got.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("request %s %s %v %s", got.Method, got.URL, got.Header, body)
	}
}

func TestPostWithoutAnAnswer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	defer srv.Close()
	c := Caller{Client: NoRedirects(), Timeout: 20 * time.Millisecond, MaxAnswerBytes: 10}
	if ans, err := c.Post(context.Background(), Request{URL: srv.URL}); err == nil || ans.Status != 0 {
		t.Fatalf("answer %+v, %v", ans, err)
	}
}

func TestNoRedirectsAnswersTheRedirect(t *testing.T) {
	srv := httptest.NewServer(http.RedirectHandler("/elsewhere", http.StatusFound))
	defer srv.Close()
	c := Caller{Client: NoRedirects(), Timeout: time.Second, MaxAnswerBytes: 10}
	if ans, err := c.Post(context.Background(), Request{URL: srv.URL}); err != nil || ans.Status != http.StatusFound {
		t.Fatalf("answer %+v, %v", ans, err)
	}
}

func TestValidBaseURL(t *testing.T) {
	for raw, want := range map[string]bool{"http://h": true, "https://h:1/p": true, "": false, "ftp://h": false, "http://": false} {
		if ValidBaseURL(raw) != want {
			t.Errorf("%q: want %v", raw, want)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		value string
		want  time.Duration
	}{
		{"", 0}, {"7", 7 * time.Second}, {" 7 ", 7 * time.Second}, {"0", 0}, {"-1", 0}, {"soon", 0},
		{"86400", time.Hour}, {"99999999999999999", time.Hour},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{now.Add(-time.Second).Format(http.TimeFormat), 0},
		{now.Add(48 * time.Hour).Format(http.TimeFormat), time.Hour},
	}
	for _, tt := range tests {
		if got := RetryAfter(http.Header{"Retry-After": {tt.value}}, now, time.Hour); got != tt.want {
			t.Errorf("%q: got %s, want %s", tt.value, got, tt.want)
		}
	}
}

// FuzzRetryAfter: any header value gives a wait from 0 to the limit.
func FuzzRetryAfter(f *testing.F) {
	f.Add("3")
	f.Add("Wed, 21 Oct 2015 07:28:00 GMT")
	f.Add("-1")
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, v string) {
		if d := RetryAfter(http.Header{"Retry-After": {v}}, now, time.Minute); d < 0 || d > time.Minute {
			t.Fatalf("%q: %s", v, d)
		}
	})
}
