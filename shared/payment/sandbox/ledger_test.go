package sandbox_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/payment/sandbox"
)

// payments is the answer of GET /payments.
type payments struct {
	Payments []sandbox.Payment `json:"payments"`
}

func TestPaymentsOfAnOrderAnswerWhatWasPaidWhetherOrNotItsWebhookArrived(t *testing.T) {
	f := newFixture(t, nil)
	f.Do(t, "POST", "/faults", `{"drop_webhooks_next":1}`)
	var dropped delivery
	a := f.Do(t, "POST", "/pay", `{"order_id":"o-1","amount":5800,"txn_id":"txn-1"}`)
	a.DecodeInto(t, &dropped)
	if a.Status != 200 || len(f.rc.events(t)) != 0 {
		t.Fatalf("a dropped webhook: %d %s, %d received", a.Status, a.Body, len(f.rc.events(t)))
	}
	f.Do(t, "POST", "/pay", `{"order_id":"o-1","amount":5800,"txn_id":"txn-1"}`) // the same txn again
	f.Do(t, "POST", "/pay", `{"order_id":"o-1","amount":100,"type":"payment.failed","txn_id":"txn-2"}`)
	var got payments
	f.Do(t, "GET", "/payments?order_id=o-1", "").DecodeInto(t, &got)
	if len(got.Payments) != 2 || got.Payments[0].TxnID != "txn-1" || got.Payments[0].Status != sandbox.PaymentSucceeded ||
		got.Payments[0].Amount != 5800 || got.Payments[0].Currency != "CNY" || got.Payments[1].Status != sandbox.PaymentFailed {
		t.Fatalf("payments of o-1: %+v", got)
	}
	if a := f.Do(t, "GET", "/payments?order_id=o-2", ""); a.Status != 200 || !strings.Contains(string(a.Body), `"payments":[]`) {
		t.Fatalf("payments of an order never paid: %d %q", a.Status, a.Body)
	}
	if a := f.Do(t, "GET", "/payments", ""); a.Status != 400 || a.ErrorCode(t) != "invalid_request" {
		t.Fatalf("no order_id: %d %s", a.Status, a.Body)
	}
	// The dropped webhook is known, and goes when redelivered.
	before := len(f.rc.events(t))
	if a := f.Do(t, "POST", "/redeliver/"+dropped.Event.EventID, ""); a.Status != 200 || len(f.rc.events(t)) != before+1 {
		t.Fatalf("redeliver the dropped webhook: %d %s", a.Status, a.Body)
	}
}

func TestRefundQueryAnswersItsStatusNow(t *testing.T) {
	f := newFixture(t, nil)
	f.Do(t, "POST", "/faults", `{"pending_next":1}`)
	f.Do(t, "POST", "/refunds", refundBody("rf-1", 300), "Idempotency-Key", "rf-1")
	var rf sandbox.Refund
	f.Do(t, "GET", "/refunds/rf-1", "").DecodeInto(t, &rf)
	if rf.RefundID != "rf-1" || rf.Status != sandbox.StatusPending || rf.Amount != 300 || rf.CreatedAt.IsZero() {
		t.Fatalf("pending refund: %+v", rf)
	}
	f.Do(t, "POST", "/refunds/rf-1/complete", `{"outcome":"succeeded"}`)
	f.Do(t, "GET", "/refunds/rf-1", "").DecodeInto(t, &rf)
	if rf.Status != sandbox.StatusSucceeded {
		t.Fatalf("completed refund: %+v", rf)
	}
	if a := f.Do(t, "GET", "/refunds/rf-unknown", ""); a.Status != 404 || a.ErrorCode(t) != "not_found" {
		t.Fatalf("unknown refund: %d %s", a.Status, a.Body)
	}
}

func TestDelayedWebhookArrivesLater(t *testing.T) {
	f := newFixture(t, nil)
	f.Do(t, "POST", "/faults", `{"delay_webhooks_next":1,"webhook_delay_ms":20}`)
	var d delivery
	a := f.Do(t, "POST", "/pay", `{"order_id":"o-1","amount":5800}`)
	a.DecodeInto(t, &d)
	if a.Status != 200 || d.Withheld != "delayed" {
		t.Fatalf("a delayed webhook: %d %s", a.Status, a.Body)
	}
	deadline := time.Now().Add(10 * time.Second)
	for len(f.rc.events(t)) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the delayed webhook never came")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if got := f.rc.events(t); len(got) != 1 || got[0].EventID != d.Event.EventID {
		t.Fatalf("received %+v", got)
	}
}
