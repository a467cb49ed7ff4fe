package sandbox_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/push/sandbox"
)

func TestFaultFailNext(t *testing.T) {
	f := newFixture(t, nil)
	var armed sandbox.Faults
	f.do(t, "POST", "/faults", `{"fail_next":2}`).decodeInto(t, &armed)
	if armed != (sandbox.Faults{FailNext: 2, Status: 503}) {
		t.Fatalf("armed %+v", armed)
	}
	body := pushBody("n-f", "user", "u-1", "o-1")
	for i := range 2 {
		if a := f.push(t, "n-f", body); a.status != 503 || a.header.Get("Retry-After") == "" || a.errorCode(t) != "sandbox_fault" {
			t.Fatalf("call %d: %d %s", i, a.status, a.body)
		}
	}
	if a := f.push(t, "n-f", body); a.status != 202 || a.header.Get("Idempotent-Replayed") != "" {
		t.Fatalf("after the faults: %d %s", a.status, a.body)
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
		if a := f.do(t, "POST", "/faults", body); a.status != 400 || a.errorCode(t) != "invalid_request" {
			t.Fatalf("%s: %d %s", body, a.status, a.body)
		}
	}
	f.do(t, "POST", "/faults", `{"timeout_next":3,"status":500}`)
	var armed sandbox.Faults
	f.do(t, "GET", "/faults", "").decodeInto(t, &armed)
	if armed != (sandbox.Faults{TimeoutNext: 3, Status: 500}) {
		t.Fatalf("armed %+v", armed)
	}
	f.do(t, "DELETE", "/faults", "").decodeInto(t, &armed)
	if armed != (sandbox.Faults{Status: 503}) || f.g.Faults() != armed {
		t.Fatalf("cleared %+v", armed)
	}
}

func TestFaultTimeoutDeliversButLosesTheAnswer(t *testing.T) {
	f := newFixture(t, nil)
	f.g.SetFaults(sandbox.Faults{TimeoutNext: 1})
	body := pushBody("n-t", "rider", "r-1", "o-1")
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "POST", f.srv.URL+prefix+"/push", strings.NewReader(body))
	req.Header.Set("Idempotency-Key", "n-t")
	if resp, err := f.srv.Client().Do(req); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("hung call answered: %v %v", resp, err)
	}
	if a := f.push(t, "n-t", body); a.status != 202 || a.header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("retry: %d %s", a.status, a.body)
	}
	if n := f.g.Notifications("rider:r-1", ""); len(n) != 1 || n[0].Duplicates != 1 {
		t.Fatalf("notifications %+v", n)
	}
}

func TestFaultTimeoutEndsAfterMaxHang(t *testing.T) {
	f := newFixture(t, func(c *sandbox.Config) { c.MaxHang = 50 * time.Millisecond })
	f.g.SetFaults(sandbox.Faults{TimeoutNext: 1})
	if a := f.push(t, "n-h", pushBody("n-h", "user", "u-1", "o-1")); a.status != http.StatusGatewayTimeout || a.errorCode(t) != "sandbox_fault" {
		t.Fatalf("after max hang: %d %s", a.status, a.body)
	}
}

func TestCallsClearAndCap(t *testing.T) {
	f := newFixture(t, func(c *sandbox.Config) { c.MaxCalls = 2 })
	for _, id := range []string{"a", "b", "c"} {
		f.push(t, id, pushBody(id, "user", "u-1", "o-1"))
	}
	var calls []sandbox.Call
	f.do(t, "GET", "/calls", "").decodeInto(t, &calls)
	if len(calls) != 2 || calls[0].Seq != 2 || calls[1].IdempotencyKey != "c" || calls[1].Kind != sandbox.KindPush ||
		string(calls[1].Response) != `{"notification_id":"c","status":"accepted"}` {
		t.Fatalf("calls %+v", calls)
	}
	if a := f.do(t, "DELETE", "/calls", ""); a.status != 204 || len(f.g.Calls()) != 0 {
		t.Fatalf("clear: %d, %d calls left", a.status, len(f.g.Calls()))
	}
	if len(f.g.Notifications("", "")) != 3 {
		t.Fatal("clearing calls forgot notifications")
	}
	if _, err := sandbox.New(sandbox.Config{Prefix: "push"}); err == nil {
		t.Fatal("New accepted a relative prefix")
	}
}
