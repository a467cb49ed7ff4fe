package sandbox_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/push/sandbox"
)

func TestFaultFailNext(t *testing.T) {
	f := newFixture(t, nil)
	var armed sandbox.Faults
	f.Do(t, "POST", "/faults", `{"fail_next":2}`).DecodeInto(t, &armed)
	if armed != (sandbox.Faults{FailNext: 2, Status: 503}) {
		t.Fatalf("armed %+v", armed)
	}
	body := pushBody("n-f", "user", "u-1", "o-1")
	for i := range 2 {
		if a := f.push(t, "n-f", body); a.Status != 503 || a.Header.Get("Retry-After") == "" || a.ErrorCode(t) != "sandbox_fault" {
			t.Fatalf("call %d: %d %s", i, a.Status, a.Body)
		}
	}
	if a := f.push(t, "n-f", body); a.Status != 202 || a.Header.Get("Idempotent-Replayed") != "" {
		t.Fatalf("after the faults: %d %s", a.Status, a.Body)
	}
	if n := f.g.Notifications("user:u-1", ""); len(n) != 1 || n[0].Duplicates != 0 {
		t.Fatalf("notifications %+v", n)
	}
	if c := f.g.Calls(); len(c) != 4 || c[0].Kind != sandbox.KindFaults || c[1].Fault != "fail" || c[3].Fault != "" {
		t.Fatalf("calls %+v", c)
	}
}

func TestFaultsValidateAndClear(t *testing.T) {
	f := newFixture(t, nil)
	for _, body := range []string{`{"fail_next":-1}`, `{"status":302}`, `{"pending_next":1}`, `{"timeout_next":"1"}`} {
		if a := f.Do(t, "POST", "/faults", body); a.Status != 400 || a.ErrorCode(t) != "invalid_request" {
			t.Fatalf("%s: %d %s", body, a.Status, a.Body)
		}
	}
	f.Do(t, "POST", "/faults", `{"timeout_next":3,"status":500}`)
	var armed sandbox.Faults
	f.Do(t, "GET", "/faults", "").DecodeInto(t, &armed)
	if armed != (sandbox.Faults{TimeoutNext: 3, Status: 500}) {
		t.Fatalf("armed %+v", armed)
	}
	f.Do(t, "DELETE", "/faults", "").DecodeInto(t, &armed)
	if armed != (sandbox.Faults{Status: 503}) || f.g.Faults() != armed {
		t.Fatalf("cleared %+v", armed)
	}
}

func TestFaultTimeoutDeliversButLosesTheAnswer(t *testing.T) {
	f := newFixture(t, nil)
	f.g.SetFaults(sandbox.Faults{TimeoutNext: 1})
	body := pushBody("n-t", "rider", "r-1", "o-1")
	f.Abandon(t, 200*time.Millisecond, "POST", "/push", body, "Idempotency-Key", "n-t")
	if a := f.push(t, "n-t", body); a.Status != 202 || a.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("retry: %d %s", a.Status, a.Body)
	}
	if n := f.g.Notifications("rider:r-1", ""); len(n) != 1 || n[0].Duplicates != 1 {
		t.Fatalf("notifications %+v", n)
	}
}

func TestFaultTimeoutEndsAfterMaxHang(t *testing.T) {
	f := newFixture(t, func(c *sandbox.Config) { c.MaxHang = 50 * time.Millisecond })
	f.g.SetFaults(sandbox.Faults{TimeoutNext: 1})
	if a := f.push(t, "n-h", pushBody("n-h", "user", "u-1", "o-1")); a.Status != http.StatusGatewayTimeout || a.ErrorCode(t) != "sandbox_fault" {
		t.Fatalf("after max hang: %d %s", a.Status, a.Body)
	}
}

func TestCallsClearAndCap(t *testing.T) {
	f := newFixture(t, func(c *sandbox.Config) { c.MaxCalls = 2 })
	for _, id := range []string{"a", "b", "c"} {
		f.push(t, id, pushBody(id, "user", "u-1", "o-1"))
	}
	var calls []sandbox.Call
	f.Do(t, "GET", "/calls", "").DecodeInto(t, &calls)
	if len(calls) != 2 || calls[0].Seq != 2 || calls[1].IdempotencyKey != "c" || calls[1].Kind != sandbox.KindPush ||
		string(calls[1].Response) != `{"notification_id":"c","status":"accepted"}` {
		t.Fatalf("calls %+v", calls)
	}
	if a := f.Do(t, "DELETE", "/calls", ""); a.Status != 204 || len(f.g.Calls()) != 0 {
		t.Fatalf("clear: %d, %d calls left", a.Status, len(f.g.Calls()))
	}
	if len(f.g.Notifications("", "")) != 3 {
		t.Fatal("clearing calls forgot notifications")
	}
	if _, err := sandbox.New(sandbox.Config{Prefix: "push"}); err == nil {
		t.Fatal("New accepted a relative prefix")
	}
}
