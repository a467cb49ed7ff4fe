package sandbox_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/payment/sandbox"
)

func TestFaultFailNext(t *testing.T) {
	f := newFixture(t, nil)
	if a := f.Do(t, "POST", "/faults", `{"fail_next":2,"status":429}`); a.Status != 200 {
		t.Fatalf("arm: %d %s", a.Status, a.Body)
	}
	for i := range 2 {
		a := f.Do(t, "POST", "/refunds", refundBody("rf-f", 100), "Idempotency-Key", "rf-f")
		if a.Status != http.StatusTooManyRequests || a.Header.Get("Retry-After") == "" || a.ErrorCode(t) != "sandbox_fault" {
			t.Fatalf("call %d: %d %v %s", i, a.Status, a.Header, a.Body)
		}
	}
	// The failed calls refunded nothing: the next one is the first.
	a := f.Do(t, "POST", "/refunds", refundBody("rf-f", 100), "Idempotency-Key", "rf-f")
	if a.Status != 200 || a.Header.Get("Idempotent-Replayed") != "" {
		t.Fatalf("after the faults: %d %s", a.Status, a.Body)
	}
	var armed sandbox.Faults
	f.Do(t, "GET", "/faults", "").DecodeInto(t, &armed)
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
	f.Do(t, "POST", "/faults", `{"fail_next":1}`).DecodeInto(t, &armed)
	f.Do(t, "POST", "/faults", `{"pending_next":2}`).DecodeInto(t, &armed)
	if armed != (sandbox.Faults{FailNext: 1, Status: 503, PendingNext: 2}) {
		t.Fatalf("merged: %+v", armed)
	}
	for _, body := range []string{`{"fail_next":-1}`, `{"status":200}`, `{"fail_now":1}`, `[]`} {
		if a := f.Do(t, "POST", "/faults", body); a.Status != 400 || a.ErrorCode(t) != "invalid_request" {
			t.Fatalf("%s: %d %s", body, a.Status, a.Body)
		}
	}
	f.Do(t, "DELETE", "/faults", "").DecodeInto(t, &armed)
	if armed != (sandbox.Faults{Status: 503}) || f.p.Faults() != armed {
		t.Fatalf("cleared: %+v", armed)
	}
}

func TestFaultTimeoutLosesTheAnswerNotTheRefund(t *testing.T) {
	f := newFixture(t, nil)
	f.p.SetFaults(sandbox.Faults{TimeoutNext: 1})
	start := time.Now()
	f.Abandon(t, 200*time.Millisecond, "POST", "/refunds", refundBody("rf-t", 100), "Idempotency-Key", "rf-t")
	if time.Since(start) > 5*time.Second {
		t.Fatalf("hang did not end with the caller")
	}
	// The retry learns the refund was made.
	a := f.Do(t, "POST", "/refunds", refundBody("rf-t", 100), "Idempotency-Key", "rf-t")
	if a.Status != 200 || a.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("retry: %d %s", a.Status, a.Body)
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
	f.Do(t, "POST", "/faults", `{"timeout_next":1}`)
	a := f.Do(t, "POST", "/refunds", refundBody("rf-h", 100), "Idempotency-Key", "rf-h")
	if a.Status != http.StatusGatewayTimeout || a.ErrorCode(t) != "sandbox_fault" {
		t.Fatalf("after max hang: %d %s", a.Status, a.Body)
	}
}

func TestFaultPendingNext(t *testing.T) {
	f := newFixture(t, nil)
	f.Do(t, "POST", "/faults", `{"pending_next":1}`)
	for i, want := range []string{"pending", "succeeded"} {
		id := []string{"rf-p1", "rf-p2"}[i]
		var ans struct{ RefundID, Status string }
		f.Do(t, "POST", "/refunds", refundBody(id, 100), "Idempotency-Key", id).DecodeInto(t, &ans)
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
