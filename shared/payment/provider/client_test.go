package provider_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/httpcall"
	"github.com/ordercenter/ordercenter/shared/payment/provider"
	"github.com/ordercenter/ordercenter/shared/payment/sandbox"
)

// startSandbox serves the sandbox provider over HTTP for the test.
func startSandbox(t *testing.T) (*sandbox.Provider, string) {
	t.Helper()
	p, err := sandbox.New(sandbox.Config{WebhookURL: "http://127.0.0.1:1/pay-callback",
		Secrets: func() [][]byte { return [][]byte{[]byte("whsec")} }, MaxHang: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	return p, srv.URL
}

func newClient(t *testing.T, url string, breaker provider.BreakerConfig) *provider.Client {
	t.Helper()
	c, err := provider.New(provider.Config{URL: url, Timeout: 300 * time.Millisecond, Breaker: breaker})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var req = provider.Request{RefundID: "rf-1", TxnID: "txn-1", Amount: 1200, Currency: "CNY"}

func TestRefundAnswers(t *testing.T) {
	tests := []struct {
		name   string
		faults sandbox.Faults
		want   error
		status string
	}{
		{"succeeded", sandbox.Faults{}, nil, provider.StatusSucceeded},
		{"pending", sandbox.Faults{PendingNext: 1}, nil, provider.StatusPending},
		{"503", sandbox.Faults{FailNext: 1}, provider.ErrTransient, ""},
		{"429", sandbox.Faults{FailNext: 1, Status: 429}, provider.ErrTransient, ""},
		{"400", sandbox.Faults{FailNext: 1, Status: 400}, provider.ErrPermanent, ""},
		{"timeout", sandbox.Faults{TimeoutNext: 1}, provider.ErrTransient, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sb, url := startSandbox(t)
			sb.SetFaults(tt.faults)
			ans, err := newClient(t, url, provider.BreakerConfig{}).Refund(context.Background(), req)
			if !errors.Is(err, tt.want) || ans.Status != tt.status {
				t.Fatalf("Refund = %+v, %v; want %q, %v", ans, err, tt.status, tt.want)
			}
		})
	}
}

// A refund whose answer was lost is asked again under the same key: the
// provider answers what it did, and refunded once.
func TestRefundReplayAfterTimeout(t *testing.T) {
	sb, url := startSandbox(t)
	sb.SetFaults(sandbox.Faults{TimeoutNext: 1})
	c := newClient(t, url, provider.BreakerConfig{})
	if _, err := c.Refund(context.Background(), req); !errors.Is(err, provider.ErrTransient) {
		t.Fatalf("first: %v", err)
	}
	ans, err := c.Refund(context.Background(), req)
	if err != nil || ans.Status != provider.StatusSucceeded {
		t.Fatalf("replay: %+v %v", ans, err)
	}
	if executed := sb.Refunds(req.RefundID).Executed; executed != 1 {
		t.Fatalf("%d refunds carried out, want 1: %+v", executed, sb.Calls())
	}
}

func TestBreakerOpensAndCloses(t *testing.T) {
	sb, url := startSandbox(t)
	sb.SetFaults(sandbox.Faults{FailNext: 2})
	c := newClient(t, url, provider.BreakerConfig{Failures: 2, OpenFor: 200 * time.Millisecond})
	for range 2 {
		_, _ = c.Refund(context.Background(), req)
	}
	_, err := c.Refund(context.Background(), req)
	if !errors.Is(err, provider.ErrCircuitOpen) || httpcall.RetryAfterOf(err) <= 0 {
		t.Fatalf("after 2 failures: %v", err)
	}
	time.Sleep(250 * time.Millisecond)
	if _, err := c.Refund(context.Background(), req); err != nil {
		t.Fatalf("trial call: %v", err)
	}
}

func TestRetryAfterIsRead(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Idempotency-Key") != "rf-1" || r.Header.Get("Authorization") != "Bearer key" {
			w.WriteHeader(400)
			return
		}
		w.Header().Set("Retry-After", "7")
		w.WriteHeader(429)
	}))
	defer srv.Close()
	c, _ := provider.New(provider.Config{URL: srv.URL, APIKey: "key"})
	_, err := c.Refund(context.Background(), req)
	if !errors.Is(err, provider.ErrTransient) || httpcall.RetryAfterOf(err) != 7*time.Second {
		t.Fatalf("Refund: %v (retry after %v)", err, httpcall.RetryAfterOf(err))
	}
}

func TestNewRefusesBadURL(t *testing.T) {
	for _, u := range []string{"", "ftp://x", "http://"} {
		if _, err := provider.New(provider.Config{URL: u}); err == nil {
			t.Errorf("%q accepted", u)
		}
	}
}
