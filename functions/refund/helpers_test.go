package function

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/auth"
	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/events/eventstest"
	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/order/orderstore/orderstoretest"
	"github.com/ordercenter/ordercenter/shared/payment/provider"
	"github.com/ordercenter/ordercenter/shared/payment/sandbox"
	"github.com/ordercenter/ordercenter/shared/refund"
)

var jwtSecret = []byte(strings.Repeat("k", 32))

// fixture is the refund function over a real store, the sandbox provider
// over HTTP, and, when asked, NATS with the connector's durable consumer.
type fixture struct {
	fn      *Function
	repo    *orderstore.Repository
	sandbox *sandbox.Provider
	now     func() time.Time
	mu      sync.Mutex
	offset  time.Duration
}

func newFixture(t *testing.T, s kv.Store, srv *eventstest.Server) *fixture {
	t.Helper()
	f := &fixture{}
	f.now = func() time.Time {
		f.mu.Lock()
		defer f.mu.Unlock()
		return time.Now().Add(f.offset)
	}
	sb, err := sandbox.New(sandbox.Config{WebhookURL: "http://127.0.0.1:1/pay-callback",
		Secrets: func() [][]byte { return [][]byte{[]byte("whsec")} }})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(sb)
	t.Cleanup(hs.Close)
	client, _ := provider.New(provider.Config{URL: hs.URL, Breaker: provider.BreakerConfig{Failures: 50}})
	opts := orderstore.Options{Now: f.now}
	if srv != nil {
		opts.Publisher, _ = events.NewPublisher(srv.Connect(), nil)
	}
	f.repo, f.sandbox = orderstore.New(s, opts), sb
	svc, err := refund.New(refund.Deps{Orders: f.repo, Index: f.repo.RefundIndex(), Provider: client, Config: refund.Config{
		Now: f.now, Lease: time.Second,
		Schedule: []time.Duration{100 * time.Millisecond, 100 * time.Millisecond, 100 * time.Millisecond,
			100 * time.Millisecond, 100 * time.Millisecond, 100 * time.Millisecond}}})
	if err != nil {
		t.Fatal(err)
	}
	authn, _ := httpapi.NewAuthenticator(jwtSecret)
	f.fn = New(Deps{Refunds: svc, Auth: authn, Orders: f.repo})
	return f
}

func (f *fixture) advance(d time.Duration) {
	f.mu.Lock()
	f.offset += d
	f.mu.Unlock()
}

// connect runs the runner's connector for the function: a durable
// consumer of its subjects whose outcome is the function's status.
func (f *fixture) connect(t *testing.T, srv *eventstest.Server) {
	t.Helper()
	spec := events.ConsumerSpec{Name: "refund", AckWait: 10 * time.Second, MaxDeliver: 30,
		BackOff:  []time.Duration{100 * time.Millisecond},
		Subjects: []string{events.Subject(order.EventRefundRequested), events.Subject(order.EventCancelled)}}
	c, err := events.NewConsumer(context.Background(), srv.JetStream(srv.Connect()), spec,
		func(ctx context.Context, m jetstream.Msg) error {
			req := handler.Request{Method: http.MethodPost, Body: m.Data(),
				Header: http.Header{"X-Topic": {m.Subject()}, "Content-Type": {"application/json"}}}
			req.WithContext(ctx)
			resp, err := f.fn.Handle(req)
			if err != nil {
				return err
			}
			return events.FromStatus(resp.StatusCode, resp.Header, resp.Body)
		}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = c.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
}

// call sends one HTTP call to the function as the gateway does.
func (f *fixture) call(t *testing.T, method, path, token, body string) (int, map[string]any, http.Header) {
	t.Helper()
	req := handler.Request{Method: method, Body: []byte(body),
		Header: http.Header{httpapi.PathHeader: {path}, "Content-Type": {"application/json"}}}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.WithContext(context.Background())
	resp, err := f.fn.Handle(req)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	_ = json.Unmarshal(resp.Body, &m)
	return resp.StatusCode, m, resp.Header
}

func token(t *testing.T, role auth.Role, sub, store string) string {
	t.Helper()
	tok, err := auth.Sign(jwtSecret, auth.Principal{Subject: sub, Role: role, StoreID: store}, time.Hour, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// orderIn stores an order of 5800 CNY of user u-1 and store s-1 and
// moves it to the status (rider r-1 picks it up).
func (f *fixture) orderIn(t *testing.T, status order.Status) string {
	t.Helper()
	now := f.now()
	id := orderstoretest.Place(t, f.repo, orderstoretest.Spec{Now: now}).OrderID
	if status != order.StatusPendingPayment {
		orderstoretest.Drive(t, f.repo, id, status, "r-1", now)
	}
	return id
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
