package sandbox_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/ordercenter/ordercenter/shared/payment/sandbox"
)

func TestPendingRefundCompletes(t *testing.T) {
	f := newFixture(t, nil)
	paid, err := f.p.Pay(context.Background(), sandbox.PayRequest{OrderID: "o-9", Amount: 3000, TxnID: "txn-1"})
	if err != nil {
		t.Fatal(err)
	}
	f.p.SetFaults(sandbox.Faults{PendingNext: 2})
	for _, id := range []string{"rf-a", "rf-b"} {
		f.Do(t, "POST", "/refunds", refundBody(id, 1000), "Idempotency-Key", id)
	}
	tests := []struct {
		refund, body string
		status       int
		wantType     string
	}{
		{"rf-a", `{"outcome":"succeeded"}`, 200, sandbox.TypeRefundSucceeded},
		{"rf-b", `{"outcome":"failed"}`, 200, sandbox.TypeRefundFailed},
		{"rf-a", `{"outcome":"failed"}`, http.StatusConflict, ""},
		{"rf-none", `{"outcome":"failed"}`, http.StatusNotFound, ""},
		{"rf-b", `{"outcome":"maybe"}`, http.StatusBadRequest, ""},
		{"rf-b", ``, http.StatusBadRequest, ""},
	}
	for _, tt := range tests {
		a := f.Do(t, "POST", "/refunds/"+tt.refund+"/complete", tt.body)
		if a.Status != tt.status {
			t.Fatalf("complete %s %s: %d %s", tt.refund, tt.body, a.Status, a.Body)
		}
		if tt.wantType == "" {
			a.ErrorCode(t)
			continue
		}
		var d delivery
		a.DecodeInto(t, &d)
		want := sandbox.Event{EventID: d.Event.EventID, Type: tt.wantType, OrderID: "o-9", TxnID: "txn-1",
			Amount: 1000, Currency: "CNY", OccurredAt: d.Event.OccurredAt, RefundID: tt.refund}
		if d.Event != want {
			t.Fatalf("event %+v, want %+v", d.Event, want)
		}
	}
	evs := f.rc.events(t)
	if len(evs) != 3 || evs[0] != paid.Event || evs[1].RefundID != "rf-a" || evs[2].Type != sandbox.TypeRefundFailed {
		t.Fatalf("webhooks %+v", evs)
	}
	// A replay of the refund still answers the first answer: pending.
	var ans struct{ Status string }
	f.Do(t, "POST", "/refunds", refundBody("rf-a", 1000), "Idempotency-Key", "rf-a").DecodeInto(t, &ans)
	if ans.Status != "pending" {
		t.Fatalf("replay after completion: %+v", ans)
	}
}
