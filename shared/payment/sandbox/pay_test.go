package sandbox_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/payment/sandbox"
	"github.com/ordercenter/ordercenter/shared/signature"
)

// delivery is the answer of /pay, /redeliver and /complete.
type delivery struct {
	Event   sandbox.Event `json:"event"`
	Webhook struct {
		Status int             `json:"status"`
		Body   json.RawMessage `json:"body"`
	} `json:"webhook"`
	Withheld string `json:"withheld"`
}

func TestPayOverHTTPSendsSignedWebhook(t *testing.T) {
	f := newFixture(t, nil)
	a := f.Do(t, "POST", "/pay", `{"order_id":"o-1","amount":5800}`)
	var d delivery
	a.DecodeInto(t, &d)
	if a.Status != 200 || string(d.Webhook.Body) != `{"result":"success"}` || d.Webhook.Status != 200 {
		t.Fatalf("pay: %d %s", a.Status, a.Body)
	}
	evs := f.rc.events(t)
	if len(evs) != 1 {
		t.Fatalf("%d webhooks", len(evs))
	}
	got := evs[0]
	if got != d.Event || got.Type != sandbox.TypePaymentSucceeded || got.Currency != "CNY" || got.OrderID != "o-1" ||
		got.Amount != 5800 || !strings.HasPrefix(got.TxnID, "txn-") || !strings.HasPrefix(got.EventID, "evt-") ||
		got.RefundID != "" || time.Since(got.OccurredAt) > time.Minute {
		t.Fatalf("webhook event %+v, answered %+v", got, d.Event)
	}
	// Signed with the current secret only, and verifiable with it.
	f.rc.mu.Lock()
	header, body := f.rc.headers[0], f.rc.bodies[0]
	f.rc.mu.Unlock()
	if strings.Count(header, "v1=") != 1 {
		t.Fatalf("header %q", header)
	}
	if err := signature.Verify(header, body, testSecrets[:1], time.Now(), 0); err != nil {
		t.Fatalf("not signed with the current secret: %v", err)
	}
	if strings.Contains(string(body), "refund_id") {
		t.Fatalf("payment event carries refund_id: %s", body)
	}
}

func TestPayAnswersTheWebhooksStatus(t *testing.T) {
	f := newFixture(t, nil)
	f.rc.mu.Lock()
	f.rc.status = http.StatusNotFound
	f.rc.mu.Unlock()
	a := f.Do(t, "POST", "/pay", `{"order_id":"o-x","amount":1,"currency":"USD","type":"payment.failed","txn_id":"txn-9"}`)
	var d delivery
	a.DecodeInto(t, &d)
	if a.Status != 404 || d.Webhook.Status != 404 || d.Event.TxnID != "txn-9" || d.Event.Type != "payment.failed" || d.Event.Currency != "USD" {
		t.Fatalf("pay: %d %s", a.Status, a.Body)
	}
}

func TestPayRejectsBadRequests(t *testing.T) {
	f := newFixture(t, nil)
	for _, body := range []string{`{"amount":1}`, `{"order_id":"o","amount":0}`, `{"order_id":"o","amount":1,"type":"refund.succeeded"}`,
		`{"order_id":"o","amount":1,"currency":"rmb"}`, `{"order_id":"o","amount":1,"tip":1}`, `nope`} {
		if a := f.Do(t, "POST", "/pay", body); a.Status != 400 || a.ErrorCode(t) != "invalid_request" {
			t.Fatalf("%s: %d %s", body, a.Status, a.Body)
		}
	}
	if _, err := f.p.Pay(context.Background(), sandbox.PayRequest{OrderID: "o"}); !errors.Is(err, sandbox.ErrInvalidRequest) {
		t.Fatalf("Pay without amount: %v", err)
	}
	if n := len(f.rc.events(t)); n != 0 {
		t.Fatalf("%d webhooks sent for bad requests", n)
	}
}

func TestRedeliverSendsTheSameEvent(t *testing.T) {
	f := newFixture(t, nil)
	d, err := f.p.Pay(context.Background(), sandbox.PayRequest{OrderID: "o-2", Amount: 100, EventID: "evt-fixed"})
	if err != nil {
		t.Fatal(err)
	}
	a := f.Do(t, "POST", "/redeliver/evt-fixed", "")
	var again delivery
	a.DecodeInto(t, &again)
	if a.Status != 200 || again.Event != d.Event {
		t.Fatalf("redeliver: %d %s", a.Status, a.Body)
	}
	f.rc.mu.Lock()
	same := string(f.rc.bodies[0]) == string(f.rc.bodies[1])
	f.rc.mu.Unlock()
	if evs := f.rc.events(t); len(evs) != 2 || !same {
		t.Fatalf("webhooks %+v", evs)
	}
	if a := f.Do(t, "POST", "/redeliver/evt-none", ""); a.Status != 404 || a.ErrorCode(t) != "not_found" {
		t.Fatalf("unknown event: %d %s", a.Status, a.Body)
	}
}

func TestPayNotDelivered(t *testing.T) {
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	f := newFixture(t, func(c *sandbox.Config) { c.WebhookURL = dead.URL })
	d, err := f.p.Pay(context.Background(), sandbox.PayRequest{OrderID: "o-3", Amount: 100})
	if !errors.Is(err, sandbox.ErrNotDelivered) || d.Event.EventID == "" {
		t.Fatalf("Pay to a dead webhook: %+v %v", d, err)
	}
	a := f.Do(t, "POST", "/redeliver/"+d.Event.EventID, "")
	if a.Status != http.StatusBadGateway || a.ErrorCode(t) != "webhook_not_delivered" || strings.Contains(string(a.Body), "refused") {
		t.Fatalf("redeliver to a dead webhook: %d %s", a.Status, a.Body)
	}
	calls := f.p.Calls()
	if c := calls[0]; c.Kind != sandbox.KindWebhook || c.Direction != sandbox.Sent || c.Status != 0 || c.Error == "" {
		t.Fatalf("undelivered webhook recorded as %+v", c)
	}
}

func TestSignWithAllAndNoSecrets(t *testing.T) {
	var secrets [][]byte = testSecrets
	f := newFixture(t, func(c *sandbox.Config) {
		c.SignWithAll = true
		c.Secrets = func() [][]byte { return secrets }
	})
	if _, err := f.p.Pay(context.Background(), sandbox.PayRequest{OrderID: "o", Amount: 1}); err != nil {
		t.Fatal(err)
	}
	f.rc.mu.Lock()
	header := f.rc.headers[0]
	f.rc.mu.Unlock()
	if strings.Count(header, "v1=") != 2 {
		t.Fatalf("header %q", header)
	}
	secrets = [][]byte{{}}
	if _, err := f.p.Pay(context.Background(), sandbox.PayRequest{OrderID: "o", Amount: 1}); !errors.Is(err, sandbox.ErrNoSecrets) {
		t.Fatalf("Pay without secrets: %v", err)
	}
}

func TestNewValidatesConfig(t *testing.T) {
	for _, c := range []sandbox.Config{
		{},
		{WebhookURL: "http://x/function/pay-callback"},
		{WebhookURL: "/function/pay-callback", Secrets: func() [][]byte { return nil }},
		{Prefix: "sandbox", WebhookURL: "http://x/", Secrets: func() [][]byte { return nil }},
	} {
		if _, err := sandbox.New(c); err == nil {
			t.Fatalf("New(%+v) accepted", c)
		}
	}
}
