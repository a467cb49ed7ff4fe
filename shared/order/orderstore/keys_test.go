package orderstore

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/payment/ledger"
)

// The keys of stored data never change: a table written before must stay
// readable. Each key is pinned to what docs/store-layout.md and
// docs/refunds.md show.
func TestKeyLayoutIsPinned(t *testing.T) {
	at := time.Unix(1_800_000_000, 0)
	attempt := ledger.Entry{At: at, Kind: ledger.KindRefundAttempt, RefundID: "rf-1", Attempt: 3,
		Status: ledger.StatusPending, Outcome: ledger.OutcomeFailed}
	tests := []struct{ got, want string }{
		{masterKey("01j").PK + "|" + masterKey("01j").SK, "order#01j|order"},
		{changeKey("01j", 7).SK, "change#0000000007"},
		{userPK("u-1"), "user#u-1#orders"},
		{storeDayPK("s-1", "2026-11-21"), "store#s-1#day#2026-11-21"},
		{storeStatusSK2(order.StatusPaid, "01j"), "PAID#01j"},
		{storeDayShardPK("s-1", "2026-11-21", 0, 1), "store#s-1#day#2026-11-21"}, // one shard: the keys of old
		{storeDayShardPK("s-1", "2026-11-21", 2, 4), "store#s-1#day#2026-11-21#2/4"},
		{storeLayoutPK("s-1") + "|" + storeShardsSK, "store#s-1#layout|shards"},
		{storeDayLayoutSK("2026-11-21"), "day#2026-11-21"},
		{syncPK(orderShard("01b", 16)), "sync#008"}, // FNV-1a 32 of the id, mod shards
		{intentSK("01j", 7, "w"), "01j#0000000007#w"},
		{timerPK(TimerAccept, 3), "timers#accept#003"},
		{timerSK(Timer{Kind: TimerAccept, OrderID: "01j", At: at}), "001800000000#01j"},
		{timerPK(CheckCancelRefund, 3), "timers#cancel-refund#003"},
		{timerPK(CheckPaidHolds, 3), "timers#paid-holds#003"},
		{refundClaimPK("rf-1") + "|" + refundClaimSK, "refund#rf-1|order"},
		{refundDuePK(refundDueShard("rf-1")), "refund-due#007"},
		{refundDueSK2(at, "rf-1"), "001800000000#rf-1"},
		{ledgerPK("01j"), "payledger#01j"},
		{ledgerSK(attempt), "refund_attempt#failed#pending#3#rf-1"},
		{ledgerSK2(attempt), "2027-01-15T08:00:00.000000000Z#refund_attempt#failed#pending#3#rf-1"},
		{ledgerSK(ledger.Entry{Kind: ledger.KindNotification, EventID: "e#1", RefundID: "rf-1", Outcome: "applied"}), "notification#applied##0#e#1"},
		{payDayPK("2026-11-21", orderShard("01b", payDayShards)), "payday#2026-11-21#08"},
		{keyRecordKey("u-1", "k-1").PK + "|" + keyRecordKey("u-1", "k-1").SK, "idem#u-1|k-1"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("key %q, want %q", tt.got, tt.want)
		}
	}
	if got := refundDueOf(refundDueSK2(at, "rf-1")); !got.Equal(at) {
		t.Errorf("due time of its SK2: %v, want %v", got, at)
	}
}

// The refund index writes its items where, and as, the refund service
// wrote them before the index moved here.
func TestRefundIndexItems(t *testing.T) {
	ctx := context.Background()
	s := backends.Bolt(t)
	x := New(s, Options{}).RefundIndex()
	if owner, err := x.ClaimRefundID(ctx, "rf-1", "01a"); err != nil || owner != "01a" {
		t.Fatalf("claim: %q, %v", owner, err)
	}
	if owner, err := x.ClaimRefundID(ctx, "rf-1", "01b"); err != nil || owner != "01a" {
		t.Fatalf("claim by another order: %q, %v; want the first order", owner, err)
	}
	assertItem(t, s, "refund#rf-1", "order", "", `{"order_id":"01a"}`)
	due := time.Unix(1_800_000_000, 0)
	v, err := x.PutPending(ctx, PendingRefund{RefundID: "rf-1", DueAt: due, Data: []byte(`{"n":1}`)})
	if err != nil || v != 1 {
		t.Fatalf("put pending: version %d, %v", v, err)
	}
	assertItem(t, s, "refund-due#007", "rf-1", "001800000000#rf-1", `{"n":1}`)
	if _, err := x.PutPending(ctx, PendingRefund{RefundID: "rf-1", Data: []byte(`{}`)}); !errors.Is(err, ErrPendingChanged) {
		t.Fatalf("second new pending item: %v, want ErrPendingChanged", err)
	}
	got, err := x.DuePending(ctx, due, 10)
	if err != nil || len(got) != 1 || got[0].Version != 1 || !got[0].DueAt.Equal(due) {
		t.Fatalf("due: %+v, %v", got, err)
	}
}

func assertItem(t *testing.T, s kv.Store, pk, sk, sk2, data string) {
	t.Helper()
	it, err := s.Get(context.Background(), pk, sk)
	if err != nil {
		t.Fatalf("item %s/%s: %v", pk, sk, err)
	}
	if it.SK2 != sk2 || string(it.Data) != data {
		t.Errorf("item %s/%s: sk2 %q data %s, want sk2 %q data %s", pk, sk, it.SK2, it.Data, sk2, data)
	}
}

// A key record is stored as docs/store-layout.md shows it: a JSON header,
// a newline, the answer's body as it was given.
func TestKeyRecordItem(t *testing.T) {
	ctx := context.Background()
	s := backends.Bolt(t)
	c := keyClock()
	repo := New(s, c.options(nil))
	o := newDraftOrder(t, c.Now(), "u-1", "s-1")
	k := keyFor("u-1", "k-1", "x")
	if _, err := repo.CreateOnce(ctx, o, k); err != nil {
		t.Fatal(err)
	}
	at, _ := c.Now().UTC().MarshalJSON()
	want := `{"hash":"hash-1","order_id":"` + o.ID() + `","status":201,"at":` + string(at) + "}\n" + string(k.Answer.Body)
	assertItem(t, s, "idem#u-1", "k-1", "", want)
	it, _ := s.Get(ctx, "idem#u-1", "k-1")
	if it.Version != 1 || !it.ExpiresAt.Equal(c.Now().Add(KeyTTL).Truncate(time.Second)) {
		t.Errorf("version %d, expires %v", it.Version, it.ExpiresAt)
	}
}
