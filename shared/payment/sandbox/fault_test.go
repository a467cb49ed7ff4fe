package sandbox_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/payment/sandbox"
)

func TestFaultFailNext(t *testing.T) {
	f := newFixture(t, nil)
	if a := f.do(t, "POST", "/faults", `{"fail_next":2,"status":429}`); a.status != 200 {
		t.Fatalf("arm: %d %s", a.status, a.body)
	}
	for i := range 2 {
		a := f.do(t, "POST", "/refunds", refundBody("rf-f", 100), "Idempotency-Key", "rf-f")
		if a.status != http.StatusTooManyRequests || a.header.Get("Retry-After") == "" || a.errorCode(t) != "sandbox_fault" {
			t.Fatalf("call %d: %d %v %s", i, a.status, a.header, a.body)
		}
	}
	// The failed calls refunded nothing: the next one is the first.
	a := f.do(t, "POST", "/refunds", refundBody("rf-f", 100), "Idempotency-Key", "rf-f")
	if a.status != 200 || a.header.Get("Idempotent-Replayed") != "" {
		t.Fatalf("after the faults: %d %s", a.status, a.body)
	}
	var armed sandbox.Faults
	f.do(t, "GET", "/faults", "").decodeInto(t, &armed)
	if armed != (sandbox.Faults{Status: 429}) {
		t.Fatalf("armed after use: %+v", armed)
	}
	calls := f.p.Calls()
	if calls[1].Fault != "fail" || calls[1].Status != 429 || calls[3].Fault != "" {
		t.Fatalf("calls: %+v", calls)
	}
}

func TestFaultsUpdateAndValidate(t *testing.T) {
	f := newFixture(t, nil)
	var armed sandbox.Faults
	f.do(t, "POST", "/faults", `{"fail_next":1}`).decodeInto(t, &armed)
	f.do(t, "POST", "/faults", `{"pending_next":2}`).decodeInto(t, &armed)
	if armed != (sandbox.Faults{FailNext: 1, Status: 503, PendingNext: 2}) {
		t.Fatalf("merged: %+v", armed)
	}
	for _, body := range []string{`{"fail_next":-1}`, `{"status":200}`, `{"fail_now":1}`, `[]`} {
		if a := f.do(t, "POST", "/faults", body); a.status != 400 || a.errorCode(t) != "invalid_request" {
			t.Fatalf("%s: %d %s", body, a.status, a.body)
		}
	}
	f.do(t, "DELETE", "/faults", "").decodeInto(t, &armed)
	if armed != (sandbox.Faults{Status: 503}) || f.p.Faults() != armed {
		t.Fatalf("cleared: %+v", armed)
	}
}

func TestFaultTimeoutLosesTheAnswerNotTheRefund(t *testing.T) {
	f := newFixture(t, nil)
	f.p.SetFaults(sandbox.Faults{TimeoutNext: 1})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "POST", f.srv.URL+prefix+"/refunds", strings.NewReader(refundBody("rf-t", 100)))
	req.Header.Set("Idempotency-Key", "rf-t")
	start := time.Now()
	if resp, err := f.srv.Client().Do(req); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("hung call answered: %v %v", resp, err)
	}
	if time.Since(start) > 5*time.Second {
		t.Fatalf("hang did not end with the caller")
	}
	// The retry learns the refund was made.
	a := f.do(t, "POST", "/refunds", refundBody("rf-t", 100), "Idempotency-Key", "rf-t")
	if a.status != 200 || a.header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("retry: %d %s", a.status, a.body)
	}
	waitFor(t, func() bool { return len(f.p.Calls()) == 2 })
	for _, c := range f.p.Calls() {
		if (c.Fault == "timeout") != (c.Status == 0) || (c.Fault == "timeout") == c.Replayed {
			t.Fatalf("calls recorded as %+v", f.p.Calls())
		}
	}
}

func TestFaultTimeoutEndsAfterMaxHang(t *testing.T) {
	f := newFixture(t, func(c *sandbox.Config) { c.MaxHang = 50 * time.Millisecond })
	f.do(t, "POST", "/faults", `{"timeout_next":1}`)
	a := f.do(t, "POST", "/refunds", refundBody("rf-h", 100), "Idempotency-Key", "rf-h")
	if a.status != http.StatusGatewayTimeout || a.errorCode(t) != "sandbox_fault" {
		t.Fatalf("after max hang: %d %s", a.status, a.body)
	}
}

func TestFaultPendingNext(t *testing.T) {
	f := newFixture(t, nil)
	f.do(t, "POST", "/faults", `{"pending_next":1}`)
	for i, want := range []string{"pending", "succeeded"} {
		id := []string{"rf-p1", "rf-p2"}[i]
		var ans struct{ RefundID, Status string }
		f.do(t, "POST", "/refunds", refundBody(id, 100), "Idempotency-Key", id).decodeInto(t, &ans)
		if ans.Status != want {
			t.Fatalf("refund %d: %+v, want %s", i, ans, want)
		}
	}
	if c := f.p.Calls()[1]; c.Fault != "pending" {
		t.Fatalf("pending refund recorded as %+v", c)
	}
}

// waitFor polls cond for up to 5 s.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatal("condition not met in 5 s")
}
