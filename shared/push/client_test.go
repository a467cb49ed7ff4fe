package push_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/httpcall"
	"github.com/ordercenter/ordercenter/shared/push"
	"github.com/ordercenter/ordercenter/shared/push/sandbox"
)

func TestNotificationJSONNames(t *testing.T) {
	got, err := json.Marshal(note("e-1.user"))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"notification_id":"e-1.user","recipient":{"kind":"user","id":"u-1"},` +
		`"title":"Order accepted","body":"The store accepted order #ABC123.",` +
		`"data":{"order_id":"o-1","event":"order.accepted"}}`
	if string(got) != want {
		t.Fatalf("JSON\n%s\nwant\n%s", got, want)
	}
}

func TestSendPostsWithIdempotencyKey(t *testing.T) {
	var got *http.Request
	var body []byte
	g := newGateway(t, func(w http.ResponseWriter, r *http.Request) {
		got, body = r, must(io.ReadAll(r.Body))
		w.WriteHeader(http.StatusAccepted)
	})
	if err := newClient(t, g, newClock()).Send(context.Background(), note("e-1.user")); err != nil {
		t.Fatal(err)
	}
	if got.Method != "POST" || got.URL.Path != "/push" || got.Header.Get("Idempotency-Key") != "e-1.user" ||
		got.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("request %s %s %v", got.Method, got.URL, got.Header)
	}
	var n push.Notification
	if err := json.Unmarshal(body, &n); err != nil || n != note("e-1.user") {
		t.Fatalf("body %s (%v)", body, err)
	}
}

func TestSendToTheSandboxDeliversOnce(t *testing.T) {
	gw, err := sandbox.New(sandbox.Config{Prefix: "/sandbox/push"})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gw)
	t.Cleanup(srv.Close)
	c, err := push.NewClient(push.Config{URL: srv.URL + "/sandbox/push/"})
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if err := c.Send(context.Background(), note("e-2.user")); err != nil {
			t.Fatal(err)
		}
	}
	resp := must(http.Get(srv.URL + "/sandbox/push/notifications"))
	defer resp.Body.Close()
	var got []struct {
		push.Notification
		Duplicates int `json:"duplicates"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Notification != note("e-2.user") || got[0].Duplicates != 2 {
		t.Fatalf("delivered %+v", got)
	}
}

func TestSendMapsAnswers(t *testing.T) {
	tests := []struct {
		name   string
		answer http.HandlerFunc
		want   error // nil, ErrUnavailable or ErrRejected
		status int
		after  time.Duration
	}{
		{"202", status(202), nil, 0, 0},
		{"200", status(200), nil, 0, 0},
		{"503 with Retry-After", status(503, "Retry-After", "3"), push.ErrUnavailable, 503, 3 * time.Second},
		{"500", status(500), push.ErrUnavailable, 500, 0},
		{"429 with Retry-After", status(429, "Retry-After", "7"), push.ErrUnavailable, 429, 7 * time.Second},
		{"429 with a date", status(429, "Retry-After", newClock().Now().Add(90*time.Second).Format(http.TimeFormat)),
			push.ErrUnavailable, 429, 90 * time.Second},
		{"429 asking too much", status(429, "Retry-After", "86400"), push.ErrUnavailable, 429, push.DefaultMaxRetryAfter},
		{"429 with garbage", status(429, "Retry-After", "soon"), push.ErrUnavailable, 429, 0},
		{"redirect", status(302, "Location", "/elsewhere"), push.ErrUnavailable, 302, 0},
		{"400", status(400), push.ErrRejected, 400, 0},
		{"404", status(404), push.ErrRejected, 404, 0},
		{"409", status(409), push.ErrRejected, 409, 0},
		{"422", status(422), push.ErrRejected, 422, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newClient(t, newGateway(t, tt.answer), newClock())
			err := c.Send(context.Background(), note("e-3.user"))
			if tt.want == nil {
				if err != nil {
					t.Fatalf("got %v", err)
				}
				return
			}
			var se *httpcall.Error
			if !errors.Is(err, tt.want) || !errors.As(err, &se) || se.StatusCode != tt.status || httpcall.RetryAfterOf(err) != tt.after {
				t.Fatalf("got %v (retry after %s), want %v %d after %s", err, httpcall.RetryAfterOf(err), tt.want, tt.status, tt.after)
			}
			if errors.Is(err, push.ErrUnavailable) == errors.Is(err, push.ErrRejected) {
				t.Fatalf("%v is both or neither", err)
			}
		})
	}
}

func TestSendWithoutAnAnswerIsTransient(t *testing.T) {
	hang := make(chan struct{})
	t.Cleanup(func() { close(hang) })
	slow := newGateway(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-hang:
		case <-r.Context().Done():
		}
	})
	c := newClient(t, slow, newClock(), func(c *push.Config) { c.Timeout = 50 * time.Millisecond })
	start := time.Now()
	err := c.Send(context.Background(), note("e-4.user"))
	if !errors.Is(err, push.ErrUnavailable) || !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > time.Second {
		t.Fatalf("hung gateway: %v after %s", err, time.Since(start))
	}
	ln := must(net.Listen("tcp", "127.0.0.1:0"))
	addr := ln.Addr().String()
	ln.Close()
	c, err = push.NewClient(push.Config{URL: "http://" + addr})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Send(context.Background(), note("e-4.user")); !errors.Is(err, push.ErrUnavailable) {
		t.Fatalf("nobody listening: %v", err)
	}
}

func TestSendReadsABoundedAnswer(t *testing.T) {
	huge := strings.Repeat("x", 8<<20)
	g := newGateway(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(500)
		_, _ = io.WriteString(w, huge)
	})
	err := newClient(t, g, newClock()).Send(context.Background(), note("e-5.user"))
	if !errors.Is(err, push.ErrUnavailable) || len(err.Error()) > 200 {
		t.Fatalf("got %.300v", err)
	}
}

func TestSendRefusesAnInvalidNotification(t *testing.T) {
	g := newGateway(t, status(202))
	c := newClient(t, g, newClock())
	bad := []func(*push.Notification){
		func(n *push.Notification) { n.NotificationID = "" },
		func(n *push.Notification) { n.NotificationID = "has space" },
		func(n *push.Notification) { n.NotificationID = strings.Repeat("a", push.MaxIDLen+1) },
		func(n *push.Notification) { n.Recipient.Kind = "admin" },
		func(n *push.Notification) { n.Recipient.ID = "" },
		func(n *push.Notification) { n.Title = "" },
		func(n *push.Notification) { n.Body = strings.Repeat("b", push.MaxBodyLen+1) },
		func(n *push.Notification) { n.Data.OrderID = "" },
		func(n *push.Notification) { n.Data.Event = "" },
		func(n *push.Notification) { n.Title = "\xff" },
	}
	for i, spoil := range bad {
		n := note("e-6.user")
		spoil(&n)
		if err := c.Send(context.Background(), n); !errors.Is(err, push.ErrRejected) {
			t.Errorf("case %d: %v", i, err)
		}
	}
	if g.calls.Load() != 0 {
		t.Fatalf("invalid notifications reached the gateway %d times", g.calls.Load())
	}
}

func TestNewClientChecksTheURL(t *testing.T) {
	for _, u := range []string{"", "gateway:8080", "ftp://x", "http://"} {
		if _, err := push.NewClient(push.Config{URL: u}); err == nil {
			t.Errorf("%q accepted", u)
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
