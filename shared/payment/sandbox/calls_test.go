package sandbox_test

import (
	"context"
	"testing"

	"github.com/ordercenter/ordercenter/shared/payment/sandbox"
)

func TestCallsAreRecorded(t *testing.T) {
	f := newFixture(t, nil)
	f.Do(t, "POST", "/pay", `{"order_id":"o-1","amount":100}`)
	f.Do(t, "POST", "/refunds", refundBody("rf-1", 100), "Idempotency-Key", "rf-1")
	f.Do(t, "POST", "/faults", `{"fail_next":0}`)
	f.Do(t, "GET", "/faults", ``)

	var calls []sandbox.Call
	f.Do(t, "GET", "/calls", "").DecodeInto(t, &calls)
	// The webhook is recorded when sent, before the /pay call that made it ends.
	want := []struct{ kind, dir string }{
		{sandbox.KindWebhook, sandbox.Sent}, {sandbox.KindPay, sandbox.Received},
		{sandbox.KindRefund, sandbox.Received}, {sandbox.KindFaults, sandbox.Received},
	}
	if len(calls) != len(want) {
		t.Fatalf("calls %+v", calls)
	}
	for i, w := range want {
		c := calls[i]
		if c.Kind != w.kind || c.Direction != w.dir || c.Seq != int64(i+1) || c.Status != 200 || c.At.IsZero() {
			t.Fatalf("call %d: %+v, want %s %s", i, c, w.kind, w.dir)
		}
	}
	if calls[0].Signature == "" || calls[0].Path != f.p.Calls()[0].Path || string(calls[2].Body) != refundBody("rf-1", 100) {
		t.Fatalf("call details: %+v", calls)
	}
	f.Do(t, "GET", "/calls?kind=refund", "").DecodeInto(t, &calls)
	if len(calls) != 1 || calls[0].IdempotencyKey != "rf-1" || string(calls[0].Response) != `{"refund_id":"rf-1","status":"succeeded"}` {
		t.Fatalf("refund calls %+v", calls)
	}
	if a := f.Do(t, "DELETE", "/calls", ""); a.Status != 204 {
		t.Fatalf("clear: %d", a.Status)
	}
	f.Do(t, "GET", "/calls", "").DecodeInto(t, &calls)
	if len(calls) != 0 {
		t.Fatalf("after clear: %+v", calls)
	}
	if _, err := f.p.Pay(context.Background(), sandbox.PayRequest{OrderID: "o", Amount: 1}); err != nil {
		t.Fatal(err)
	}
	if c := f.p.Calls(); len(c) != 1 || c[0].Seq != 5 {
		t.Fatalf("numbering after clear: %+v", c)
	}
}

func TestCallsAreCapped(t *testing.T) {
	f := newFixture(t, func(c *sandbox.Config) { c.MaxCalls = 3 })
	for range 5 {
		f.Do(t, "GET", "/faults", "")
		f.Do(t, "DELETE", "/faults", "")
	}
	calls := f.p.Calls()
	if len(calls) != 3 || calls[0].Seq != 3 || calls[2].Seq != 5 {
		t.Fatalf("capped calls %+v", calls)
	}
}
