package sandbox_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/clocktest"
	"github.com/ordercenter/ordercenter/shared/payment/sandbox"
)

// ledger is the answer of GET /ledger.
type ledger struct {
	Day        string                `json:"day"`
	Entries    []sandbox.LedgerEntry `json:"entries"`
	NextCursor string                `json:"next_cursor"`
}

func TestTheLedgerListsADaysPaymentsAndRefundsInPages(t *testing.T) {
	clock := clocktest.New(time.Date(2026, 12, 3, 23, 59, 0, 0, time.UTC))
	f := newFixture(t, func(c *sandbox.Config) { c.Now = clock.Now })
	f.Do(t, "POST", "/pay", `{"order_id":"o-1","amount":5800,"txn_id":"txn-1"}`)
	f.Do(t, "POST", "/pay", `{"order_id":"o-2","amount":100,"type":"payment.failed","txn_id":"txn-2"}`)
	clock.Advance(2 * time.Minute) // the next UTC day
	f.Do(t, "POST", "/refunds", refundBody("rf-1", 300), "Idempotency-Key", "rf-1")
	clock.Advance(time.Second)
	f.Do(t, "POST", "/pay", `{"order_id":"o-3","amount":700,"txn_id":"txn-3"}`)

	var first ledger
	f.Do(t, "GET", "/ledger?day=2026-12-03&limit=1", "").DecodeInto(t, &first)
	if first.Day != "2026-12-03" || len(first.Entries) != 1 || first.Entries[0].TxnID != "txn-1" || first.NextCursor == "" {
		t.Fatalf("first page of the 3rd: %+v", first)
	}
	var second ledger
	f.Do(t, "GET", "/ledger?day=2026-12-03&limit=1&cursor="+first.NextCursor, "").DecodeInto(t, &second)
	if len(second.Entries) != 1 || second.Entries[0].Status != sandbox.PaymentFailed || second.NextCursor != "" {
		t.Fatalf("second page of the 3rd: %+v", second)
	}
	var next ledger
	f.Do(t, "GET", "/ledger?day=2026-12-04", "").DecodeInto(t, &next)
	if len(next.Entries) != 2 {
		t.Fatalf("the 4th: %+v", next)
	}
	rf := next.Entries[0]
	if rf.Type != "refund" || rf.RefundID != "rf-1" || rf.OrderID != "o-1" || rf.Amount != 300 || rf.Status != sandbox.StatusSucceeded {
		t.Fatalf("the refund of the 4th: %+v", rf)
	}
	if next.Entries[1].OrderID != "o-3" {
		t.Fatalf("the payment of the 4th: %+v", next.Entries[1])
	}
}

// A cursor past the end, however far, reads an empty last page.
func TestTheLedgerReadsNothingPastItsEnd(t *testing.T) {
	f := newFixture(t, nil)
	f.Do(t, "POST", "/pay", `{"order_id":"o-1","amount":5800,"txn_id":"txn-1"}`)
	day := time.Now().UTC().Format(time.DateOnly)
	for _, cursor := range []string{"1", "5", "9223372036854775807"} {
		var page ledger
		a := f.Do(t, "GET", "/ledger?day="+day+"&limit=200&cursor="+cursor, "")
		a.DecodeInto(t, &page)
		if a.Status != 200 || len(page.Entries) != 0 || page.NextCursor != "" {
			t.Errorf("cursor %s: %d %+v", cursor, a.Status, page)
		}
	}
}

func TestTheLedgerRefusesBadQueries(t *testing.T) {
	f := newFixture(t, nil)
	for _, q := range []string{"", "?day=03-12-2026", "?day=2026-12-03&limit=0",
		fmt.Sprintf("?day=2026-12-03&limit=%d", sandbox.MaxLedgerPage+1), "?day=2026-12-03&cursor=x"} {
		if a := f.Do(t, "GET", "/ledger"+q, ""); a.Status != 400 || a.ErrorCode(t) != "invalid_request" {
			t.Errorf("GET /ledger%s: %d %s", q, a.Status, a.Body)
		}
	}
}
