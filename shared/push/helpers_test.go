package push_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/clocktest"
	"github.com/ordercenter/ordercenter/shared/push"
)

// newClock is the tests' clock, at noon on 2026-11-21 (UTC).
func newClock() *clocktest.Clock {
	return clocktest.New(time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC))
}

// gateway is an httptest server answering with answer and counting calls.
type gateway struct {
	srv    *httptest.Server
	calls  atomic.Int64
	answer atomic.Value // func(http.ResponseWriter, *http.Request)
}

func newGateway(t testing.TB, answer http.HandlerFunc) *gateway {
	t.Helper()
	g := &gateway{}
	g.answer.Store(answer)
	g.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		g.calls.Add(1)
		// Reading the body lets the server notice a client that hangs up.
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		g.answer.Load().(http.HandlerFunc)(w, r)
	}))
	t.Cleanup(g.srv.Close)
	return g
}

func (g *gateway) set(answer http.HandlerFunc) { g.answer.Store(answer) }

// status answers code with a JSON error body and the given headers.
func status(code int, headers ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		_, _ = w.Write([]byte(`{"error":{"code":"c` + http.StatusText(code)[:1] + `","message":"m"}}`))
	}
}

// newClient is a client of g on the clock.
func newClient(t *testing.T, g *gateway, c *clocktest.Clock, tweak ...func(*push.Config)) *push.Client {
	t.Helper()
	cfg := push.Config{URL: g.srv.URL, Now: c.Now}
	for _, f := range tweak {
		f(&cfg)
	}
	cl, err := push.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return cl
}

// note is a valid notification.
func note(id string) push.Notification {
	return push.Notification{NotificationID: id, Recipient: push.Recipient{Kind: push.KindUser, ID: "u-1"},
		Title: "Order accepted", Body: "The store accepted order #ABC123.",
		Data: push.Data{OrderID: "o-1", Event: "order.accepted"}}
}
