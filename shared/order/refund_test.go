package order_test

import (
	"errors"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/order"
)

// completedOrder is the fixture order completed at t0+1h.
func completedOrder(t *testing.T) *order.Order {
	t.Helper()
	r := recordIn(t, order.StatusCompleted)
	r.DeliveredAt, r.CompletedAt = t0.Add(50*time.Minute), t0.Add(time.Hour)
	r.UpdatedAt = r.CompletedAt
	o, err := order.FromRecord(r)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// Who may refund what and when (contract section 8).
func TestRequestRefundWhoAndWhen(t *testing.T) {
	week := order.DefaultAfterSalesWindow
	stranger := order.Actor{Role: order.RoleUser, ID: "u-2"}
	otherStore := order.Actor{Role: order.RoleMerchant, ID: "m-2", StoreID: "s-2"}
	tests := []struct {
		name   string
		status order.Status
		by     order.Actor
		at     time.Duration // after t0+1h (completion)
		want   error
	}{
		{"user, unpaid", order.StatusPendingPayment, theUser, 0, order.ErrInvalidTransition},
		{"merchant, unpaid", order.StatusPendingPayment, theMerchant, 0, order.ErrInvalidTransition},
		{"service, cancelled unpaid", order.StatusCancelled, theService, 0, order.ErrInvalidTransition},
		{"user, paid (cancels instead)", order.StatusPaid, theUser, 0, order.ErrInvalidTransition},
		{"user, accepted", order.StatusAccepted, theUser, 0, order.ErrInvalidTransition},
		{"user, delivering", order.StatusDelivering, theUser, 0, order.ErrInvalidTransition},
		{"user, delivered", order.StatusDelivered, theUser, 0, nil},
		{"user, completed, in window", order.StatusCompleted, theUser, week - time.Minute, nil},
		{"user, completed, window closed", order.StatusCompleted, theUser, week + time.Minute, order.ErrRefundWindowClosed},
		{"merchant, paid", order.StatusPaid, theMerchant, 0, nil},
		{"merchant, completed long ago", order.StatusCompleted, theMerchant, 4 * week, nil},
		{"service, ready", order.StatusReady, theService, 0, nil},
		{"service, completed long ago", order.StatusCompleted, theService, 4 * week, nil},
		{"system, accepted", order.StatusAccepted, theSystem, 0, nil},
		{"rider, delivering", order.StatusDelivering, theRider, 0, order.ErrNotAllowed},
		{"another user", order.StatusDelivered, stranger, 0, order.ErrNotAllowed},
		{"another store", order.StatusPaid, otherStore, 0, order.ErrNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := orderIn(t, tt.status)
			if tt.status == order.StatusCompleted {
				o = completedOrder(t)
			}
			before := o.Version()
			req := order.RefundRequest{RefundID: "rf-1", Amount: 1000}
			rf, created, err := o.RequestRefund(req, tt.by, t0.Add(time.Hour+tt.at))
			if !errors.Is(err, tt.want) || (tt.want == nil) != created {
				t.Fatalf("RequestRefund = %+v, %v, %v; want %v", rf, created, err, tt.want)
			}
			if tt.want != nil && (o.Version() != before || len(o.Changes()) != 0) {
				t.Fatal("a refused refund changed the order")
			}
		})
	}
}

func TestRequestRefundAmounts(t *testing.T) {
	o := orderIn(t, order.StatusPaid) // 5800 paid
	ask := func(id string, amount int64) (order.Refund, bool, error) {
		return o.RequestRefund(order.RefundRequest{RefundID: id, Amount: amount}, theMerchant, t0.Add(time.Hour))
	}
	if _, _, err := ask("a", 5801); !errors.Is(err, order.ErrRefundExceedsPaid) {
		t.Fatalf("over the paid amount: %v", err)
	}
	if rf, created, err := ask("a", 2000); err != nil || !created || rf.Status != order.RefundPending || rf.TxnID != "txn-1" {
		t.Fatalf("partial: %+v %v %v", rf, created, err)
	}
	if rf, created, err := ask("a", 0); err != nil || created || rf.Amount != 2000 {
		t.Fatalf("same id again: %+v %v %v", rf, created, err)
	}
	if _, _, err := ask("a", 300); !errors.Is(err, order.ErrRefundIDReused) {
		t.Fatalf("same id, other amount: %v", err)
	}
	if _, _, err := ask("b", 3801); !errors.Is(err, order.ErrRefundExceedsPaid) {
		t.Fatalf("pending counts against paid: %v", err)
	}
	if rf, _, err := ask("c", 0); err != nil || rf.Amount != 3800 {
		t.Fatalf("default amount is all that is left: %+v %v", rf, err)
	}
	if _, _, err := ask("d", 0); !errors.Is(err, order.ErrRefundExceedsPaid) {
		t.Fatalf("nothing left: %v", err)
	}
	if _, _, err := ask("bad id!", 1); !errors.Is(err, order.ErrInvalidOrder) {
		t.Fatalf("malformed id: %v", err)
	}
	if got := o.Changes(); len(got) != 2 || got[0].Type != order.EventRefundRequested.String() ||
		got[0].Events[0].Data.(order.RefundRequestedData).RefundID != "a" {
		t.Fatalf("changes %+v", got)
	}
}

func TestCompleteRefund(t *testing.T) {
	o := orderIn(t, order.StatusPaid)
	by := order.System("payment-provider")
	now := t0.Add(time.Hour)
	for _, id := range []string{"a", "b"} {
		if _, _, err := o.RequestRefund(order.RefundRequest{RefundID: id, Amount: 2900}, theService, now); err != nil {
			t.Fatal(err)
		}
	}
	if changed, err := o.CompleteRefund("a", order.RefundOutcome{Succeeded: true, Attempts: 3}, by, now); !changed || err != nil {
		t.Fatalf("complete: %v %v", changed, err)
	}
	if changed, err := o.CompleteRefund("a", order.RefundOutcome{Succeeded: true}, by, now); changed || err != nil {
		t.Fatalf("again: %v %v", changed, err)
	}
	if _, err := o.CompleteRefund("a", order.RefundOutcome{Failure: "x"}, by, now); !errors.Is(err, order.ErrRefundSettled) {
		t.Fatalf("contradiction: %v", err)
	}
	if _, err := o.CompleteRefund("zzz", order.RefundOutcome{Succeeded: true}, by, now); !errors.Is(err, order.ErrRefundNotFound) {
		t.Fatalf("unknown: %v", err)
	}
	if _, err := o.CompleteRefund("b", order.RefundOutcome{Failure: "refused"}, by, now); err != nil {
		t.Fatal(err)
	}
	if o.Amounts().Refunded != 2900 || o.Refundable() != 2900 {
		t.Fatalf("amounts %+v, refundable %d", o.Amounts(), o.Refundable())
	}
	if changed, err := o.CompleteRefund("b", order.RefundOutcome{Succeeded: true}, by, now); !changed || err != nil {
		t.Fatalf("failed, then succeeded after all: %v %v", changed, err)
	}
	rf, _ := o.Refund("a")
	last := o.Changes()[len(o.Changes())-1].Events[0]
	if rf.Attempts != 3 || o.Amounts().Refunded != 5800 || last.Type != order.EventRefundSucceeded ||
		!last.Data.(order.RefundSucceededData).Full || !last.Data.(order.RefundSucceededData).ReleasesStock {
		t.Fatalf("refund %+v, amounts %+v, last event %+v", rf, o.Amounts(), last)
	}
	back, err := order.FromRecord(o.Record())
	if err != nil || len(back.Refunds()) != 2 {
		t.Fatalf("round trip: %v", err)
	}
}

func TestTakePayment(t *testing.T) {
	pay := order.Payment{TxnID: "txn-9", Amount: 5800, Currency: "CNY"}
	now := t0.Add(5 * time.Minute)
	tests := []struct {
		name   string
		status order.Status
		p      order.Payment
		want   order.PaymentOutcome
		reason string
	}{
		{"pays", order.StatusPendingPayment, pay, order.PaymentTaken, ""},
		{"short", order.StatusPendingPayment, order.Payment{TxnID: "txn-9", Amount: 100, Currency: "CNY"}, order.PaymentReturned, order.ReturnAmountMismatch},
		{"currency", order.StatusPendingPayment, order.Payment{TxnID: "txn-9", Amount: 5800, Currency: "USD"}, order.PaymentReturned, order.ReturnAmountMismatch},
		{"late", order.StatusCancelled, pay, order.PaymentReturned, order.ReturnOrderCancelled},
		{"double", order.StatusAccepted, pay, order.PaymentReturned, order.ReturnDoublePayment},
		{"the same txn again", order.StatusAccepted, order.Payment{TxnID: "txn-1", Amount: 5800, Currency: "CNY"}, order.PaymentDuplicate, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := orderIn(t, tt.status)
			status := o.Status()
			got, err := o.TakePayment(tt.p, now)
			if err != nil || got != tt.want {
				t.Fatalf("TakePayment = %v, %v; want %v", got, err, tt.want)
			}
			if tt.want != order.PaymentReturned {
				return
			}
			rf, ok := o.Refund(order.PaymentReturnID(tt.p.TxnID))
			ch := o.Changes()
			if !ok || rf.Kind != order.KindPaymentReturn || rf.Amount != tt.p.Amount || o.Status() != status ||
				len(ch) != 2 || ch[0].Type != order.EventPaymentAnomaly.String() ||
				ch[0].Events[0].Data.(order.PaymentAnomalyData).Reason != tt.reason ||
				ch[1].Type != order.EventRefundRequested.String() || o.Amounts().Refunded != 0 {
				t.Fatalf("return %+v, status %s, changes %+v", rf, o.Status(), ch)
			}
			if again, _ := o.TakePayment(tt.p, now); again != order.PaymentDuplicate {
				t.Fatalf("returned payment again: %v", again)
			}
			if _, err := order.FromRecord(o.Record()); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestRecordPaymentFailure(t *testing.T) {
	o := orderIn(t, order.StatusPendingPayment)
	p := order.Payment{TxnID: "txn-f", Amount: 5800, Currency: "CNY"}
	for i, want := range []bool{true, false} {
		changed, err := o.RecordPaymentFailure(p, t0.Add(time.Minute))
		if err != nil || changed != want {
			t.Fatalf("call %d: %v %v", i, changed, err)
		}
	}
	ch := o.Changes()
	if len(ch) != 1 || ch[0].Type != order.ChangePaymentFailed || len(ch[0].Events) != 0 ||
		o.Status() != order.StatusPendingPayment {
		t.Fatalf("changes %+v", ch)
	}
}

func TestRefundIDs(t *testing.T) {
	long := "txn-" + string(make([]byte, 80))
	for _, id := range []string{order.CancelRefundID(order.NewID(t0)), order.PaymentReturnID("txn-1"),
		order.PaymentReturnID(long), order.PaymentReturnID("txn with spaces")} {
		if !order.ValidRefundID(id) || !order.ReservedRefundID(id) {
			t.Errorf("%q: valid %v, reserved %v", id, order.ValidRefundID(id), order.ReservedRefundID(id))
		}
	}
	first, again := order.PaymentReturnID("a b"), order.PaymentReturnID("a"+" b")
	if first != again || order.ReservedRefundID("rf-1") {
		t.Error("return ids are not deterministic, or a client id is reserved")
	}
}

func TestFromRecordRefusesIncoherentRefunds(t *testing.T) {
	o := orderIn(t, order.StatusPaid)
	if _, _, err := o.RequestRefund(order.RefundRequest{RefundID: "a", Amount: 100}, theService, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	for name, edit := range map[string]func(*order.Record){
		"refunded not the sum": func(r *order.Record) { r.Amounts.Refunded = 100 },
		"over paid":            func(r *order.Record) { r.Refunds[0].Amount = 9999 },
		"duplicate id":         func(r *order.Record) { r.Refunds = append(r.Refunds, r.Refunds[0]) },
		"zero amount":          func(r *order.Record) { r.Refunds[0].Amount = 0 },
	} {
		r := o.Record()
		edit(&r)
		if _, err := order.FromRecord(r); !errors.Is(err, order.ErrInvalidOrder) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
