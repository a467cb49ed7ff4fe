package orderstore

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/payment/ledger"
)

// A ledger entry is stored as docs/store-layout.md shows it, once per
// identity and as first seen; another outcome of the same event is
// another entry; the ledger reads oldest first, page by page. With
// transactions and without.
func TestPaymentLedgerItems(t *testing.T) {
	forEachStore(t, testPaymentLedgerItems)
}

func testPaymentLedgerItems(t *testing.T, s kv.Store) {
	ctx := context.Background()
	l := New(s, Options{}).PaymentLedger()
	first := time.Now().UTC().Truncate(time.Second)
	applied := ledger.Entry{At: first, Kind: ledger.KindNotification, Source: ledger.SourceWebhook,
		EventID: "evt-1", TxnID: "txn-1", Amount: 5800, Currency: "CNY", Status: ledger.StatusSucceeded,
		Outcome: ledger.OutcomeApplied}
	again := applied
	again.At = first.Add(time.Minute)
	duplicate := again
	duplicate.Outcome = ledger.OutcomeAlreadyProcessed
	for _, e := range []ledger.Entry{applied, again, duplicate, duplicate} {
		if err := l.Record(ctx, "01a", e); err != nil {
			t.Fatal(err)
		}
	}
	it, err := s.Get(ctx, "payledger#01a", "notification#applied#succeeded#0#evt-1")
	if err != nil || it.SK2 != first.Format("2006-01-02T15:04:05")+".000000000Z#notification#applied#succeeded#0#evt-1" ||
		!it.ExpiresAt.Equal(first.Add(LedgerTTL)) {
		t.Fatalf("entry item: %+v %v", it, err)
	}
	var read []ledger.Entry
	cursor := ""
	for pages := 0; pages < 5; pages++ {
		page, err := l.Entries(ctx, "01a", 1, cursor)
		if err != nil {
			t.Fatal(err)
		}
		read = append(read, page.Entries...)
		if cursor = page.Cursor; cursor == "" {
			break
		}
	}
	if len(read) != 2 || read[0].Outcome != ledger.OutcomeApplied || !read[0].At.Equal(first) ||
		read[1].Outcome != ledger.OutcomeAlreadyProcessed || read[1].TxnID != "txn-1" {
		t.Fatalf("ledger read: %+v", read)
	}
	if _, err := l.Entries(ctx, "01a", 1, "bogus"); !errors.Is(err, ErrInvalidCursor) {
		t.Fatalf("bad cursor: %v", err)
	}
	if err := l.Record(ctx, "a#b", applied); !errors.Is(err, kv.ErrInvalidKey) {
		t.Fatalf("an id that is no order id: %v", err)
	}
}

// The day index: every order with an entry that moves money on a UTC
// day is listed for that day once, however many entries it has; entries
// that move none (a failed payment, a refund notification) list nothing;
// the shards are read page by page. On DynamoDB Local and dynalite
// (DYNAMODB_ENDPOINT) as on bolt, with transactions and without.
func TestOrdersOfDay(t *testing.T) {
	forEachStore(t, func(t *testing.T, s kv.Store) {
		ctx := context.Background()
		l := New(s, Options{}).PaymentLedger()
		defer func(n int) { payDayPage = n }(payDayPage)
		payDayPage = 2
		day := time.Date(2026, 12, 3, 23, 59, 59, 0, time.UTC)
		var want []string
		for i := range 40 {
			id := fmt.Sprintf("01ord%03d", i)
			paid := ledger.Entry{At: day, Kind: ledger.KindQuery, Source: ledger.SourceReconciliation,
				TxnID: "txn-" + id, Status: ledger.StatusSucceeded, Outcome: ledger.OutcomeApplied}
			entries := []ledger.Entry{paid, paid}
			switch i % 4 {
			case 0:
				want = append(want, id)
			case 1: // a refund attempt the next day
				entries = []ledger.Entry{{At: day.Add(time.Second), Kind: ledger.KindRefundAttempt,
					Source: ledger.SourceRefunds, RefundID: "rf-" + id, Attempt: 1, Outcome: ledger.OutcomeFailed}}
			case 2: // nothing moved
				entries = []ledger.Entry{
					{At: day, Kind: ledger.KindNotification, EventID: "e-" + id, TxnID: "t", Status: ledger.StatusFailed, Outcome: ledger.OutcomeApplied},
					{At: day, Kind: ledger.KindNotification, EventID: "r-" + id, RefundID: "rf", Status: ledger.StatusSucceeded, Outcome: ledger.OutcomeApplied},
					{At: day, Kind: ledger.KindQuery, TxnID: "t", Status: ledger.StatusSucceeded, Outcome: ledger.OutcomeFailed},
				}
			case 3:
				entries = append(entries, ledger.Entry{At: day, Kind: ledger.KindPaymentReturn,
					RefundID: "ret-txn-" + id, Outcome: ledger.OutcomeApplied})
				want = append(want, id)
			}
			for _, e := range entries {
				if err := l.Record(ctx, id, e); err != nil {
					t.Fatal(err)
				}
			}
		}
		got, err := l.OrdersOfDay(ctx, "2026-12-03")
		if err != nil || !slices.Equal(got, want) {
			t.Fatalf("orders of the day: %v %v, want %v", got, err, want)
		}
		next, err := l.OrdersOfDay(ctx, "2026-12-04")
		if err != nil || len(next) != 10 {
			t.Fatalf("orders of the next day: %v %v", next, err)
		}
		for _, bad := range []string{"2026-12-3", "2026-02-30", "", "2026-12-03#00"} {
			if _, err := l.OrdersOfDay(ctx, bad); err == nil {
				t.Errorf("day %q accepted", bad)
			}
		}
	})
}
