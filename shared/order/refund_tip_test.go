package order_test

import (
	"errors"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/order"
)

// tippedOrder is the fixture order with a tip of 300, paid: 5600 + 200 +
// 500 - 500 = 5800, + 300 = 6100.
func tippedOrder(t *testing.T) *order.Order {
	t.Helper()
	d := draft()
	d.Amounts.Tip, d.Amounts.Total = 300, 6100
	o, err := order.New(d, t0)
	if err != nil {
		t.Fatal(err)
	}
	if err := o.Pay(order.Payment{TxnID: "txn-1", Amount: 6100, Currency: "CNY"}, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	return o
}

// The tip goes back only with the refund that leaves nothing else to
// refund: asking for all of it, or for all but the tip; never in part.
func TestTipGoesBackWithTheLastRefund(t *testing.T) {
	type ask struct {
		amount      int64 // 0: all
		wantAmount  int64
		wantTip     int64
		wantErr     error
		fail        bool  // the refund then fails at the provider
		refundable  int64 // after it
		tipLeftOver int64
	}
	tests := []struct {
		name string
		asks []ask
	}{
		{"all at once", []ask{{amount: 0, wantAmount: 6100, wantTip: 300}}},
		{"all, asked by amount", []ask{{amount: 6100, wantAmount: 6100, wantTip: 300}}},
		{"all but the tip takes the tip too", []ask{{amount: 5800, wantAmount: 6100, wantTip: 300}}},
		{"parts, then the rest", []ask{
			{amount: 1000, wantAmount: 1000, refundable: 5100, tipLeftOver: 300},
			{amount: 2000, wantAmount: 2000, refundable: 3100, tipLeftOver: 300},
			{amount: 2800, wantAmount: 3100, wantTip: 300}, // 2800 leaves nothing but the tip: it goes too
		}},
		{"into the tip without the rest", []ask{
			{amount: 1000, wantAmount: 1000, refundable: 5100, tipLeftOver: 300},
			{amount: 4900, wantErr: order.ErrTipGoesLast, refundable: 5100, tipLeftOver: 300}, // 4800 + 100 of the tip
			{amount: 5101, wantErr: order.ErrRefundExceedsPaid, refundable: 5100, tipLeftOver: 300},
			{amount: 0, wantAmount: 5100, wantTip: 300},
		}},
		{"a failed last refund gives the tip back to the next", []ask{
			{amount: 5800, wantAmount: 6100, wantTip: 300, fail: true, refundable: 6100, tipLeftOver: 300},
			{amount: 100, wantAmount: 100, refundable: 6000, tipLeftOver: 300},
			{amount: 0, wantAmount: 6000, wantTip: 300},
		}},
		{"nothing left after the tip went", []ask{
			{amount: 0, wantAmount: 6100, wantTip: 300},
			{amount: 0, wantErr: order.ErrRefundExceedsPaid},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := tippedOrder(t)
			for i, a := range tt.asks {
				id := "rf-" + string(rune('a'+i))
				rf, _, err := o.RequestRefund(order.RefundRequest{RefundID: id, Amount: a.amount}, theMerchant, t0.Add(time.Hour))
				if !errors.Is(err, a.wantErr) || errors.Is(err, order.ErrTipGoesLast) && !errors.Is(err, order.ErrRefundExceedsPaid) ||
					err == nil && (rf.Amount != a.wantAmount || rf.Tip != a.wantTip) {
					t.Fatalf("ask %d of %d: %+v, %v; want %d with a tip of %d (%v)", i, a.amount, rf, err, a.wantAmount, a.wantTip, a.wantErr)
				}
				if err == nil {
					if _, err := o.CompleteRefund(id, order.RefundOutcome{Succeeded: !a.fail, Failure: "card closed"}, theSystem, t0.Add(2*time.Hour)); err != nil {
						t.Fatal(err)
					}
				}
				if o.Refundable() != a.refundable || o.RefundableTip() != a.tipLeftOver {
					t.Fatalf("after ask %d: refundable %d with a tip of %d, want %d with %d", i, o.Refundable(), o.RefundableTip(), a.refundable, a.tipLeftOver)
				}
			}
			if _, err := order.FromRecord(o.Record()); err != nil {
				t.Fatalf("the record after the refunds: %v", err)
			}
		})
	}
}

// The same refund id asked again by the amount the client asked (all but
// the tip) or by the amount recorded (with the tip) is the same refund.
func TestTipRefundAskedAgain(t *testing.T) {
	o := tippedOrder(t)
	ask := func(amount int64) (order.Refund, bool, error) {
		return o.RequestRefund(order.RefundRequest{RefundID: "rf-last", Amount: amount}, theService, t0.Add(time.Hour))
	}
	first, created, err := ask(5800)
	if err != nil || !created || first.Amount != 6100 || first.Tip != 300 {
		t.Fatalf("first: %+v, %v, %v", first, created, err)
	}
	for _, amount := range []int64{5800, 6100, 0} {
		if again, created, err := ask(amount); err != nil || created || again != first {
			t.Fatalf("again with %d: %+v, %v, %v; want the first", amount, again, created, err)
		}
	}
	if _, _, err := ask(5900); !errors.Is(err, order.ErrRefundIDReused) {
		t.Fatalf("again with 5900: %v, want ErrRefundIDReused", err)
	}
}

// A cancellation after payment refunds all, the tip with it.
func TestCancellationRefundsTheTip(t *testing.T) {
	o := tippedOrder(t)
	if err := o.Apply(order.ActionReject, theMerchant, "closing", t0.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	rf, _, err := o.RequestRefund(order.RefundRequest{RefundID: order.CancelRefundID(o.ID())}, order.System("refund"), t0.Add(3*time.Minute))
	if err != nil || rf.Amount != 6100 || rf.Tip != 300 {
		t.Fatalf("the cancellation's refund: %+v, %v; want 6100 with the tip of 300", rf, err)
	}
}

func TestRecordOfTipRefundsIsChecked(t *testing.T) {
	o := tippedOrder(t)
	if _, _, err := o.RequestRefund(order.RefundRequest{RefundID: "rf-1"}, theMerchant, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	for name, edit := range map[string]func(*order.Record){
		"a tip above the amount": func(r *order.Record) { r.Refunds[0].Tip = 6200 },
		"more tip than the order's": func(r *order.Record) {
			r.Amounts.Tip, r.Amounts.Total, r.Amounts.Paid = 200, 6000, 6000
			r.Refunds[0].Amount = 6000
		},
	} {
		r := o.Record()
		edit(&r)
		if _, err := order.FromRecord(r); !errors.Is(err, order.ErrInvalidOrder) {
			t.Errorf("%s: %v, want ErrInvalidOrder", name, err)
		}
	}
}
