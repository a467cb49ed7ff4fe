package order_test

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/order"
)

func TestPay(t *testing.T) {
	o := newOrder(t)
	at := t0.Add(2 * time.Minute)
	if err := o.Pay(order.Payment{TxnID: "txn-1", Amount: 5800, Currency: "CNY"}, at); err != nil {
		t.Fatal(err)
	}
	if o.Status() != order.StatusPaid || o.Version() != 2 || o.TxnID() != "txn-1" ||
		o.Amounts().Paid != 5800 || !o.PaidAt().Equal(at) || !o.UpdatedAt().Equal(at) {
		t.Fatalf("after Pay: %+v", o.Record())
	}
	cs := o.Changes()
	if len(cs) != 2 {
		t.Fatalf("%d changes, want 2", len(cs))
	}
	c := cs[1]
	if c.Type != order.EventPaid.String() || c.Version != 2 || c.From != "PENDING_PAYMENT" || c.To != "PAID" ||
		c.Actor != order.System("payment") || c.EventID() != o.ID()+"-2-1" {
		t.Fatalf("paid change: %+v", c)
	}
	if d := c.Events[0].Data; d != (order.PaidData{TxnID: "txn-1", Amount: 5800}) {
		t.Fatalf("paid data: %v", d)
	}
}

type payCase struct {
	name   string
	status order.Status
	pay    order.Payment
	want   error
}

func TestPayRefuses(t *testing.T) {
	ok := order.Payment{TxnID: "txn-1", Amount: 5800, Currency: "CNY"}
	tests := []payCase{
		{"amount low", order.StatusPendingPayment, order.Payment{TxnID: "t", Amount: 5799, Currency: "CNY"}, order.ErrPaymentMismatch},
		{"amount high", order.StatusPendingPayment, order.Payment{TxnID: "t", Amount: 5801, Currency: "CNY"}, order.ErrPaymentMismatch},
		{"currency", order.StatusPendingPayment, order.Payment{TxnID: "t", Amount: 5800, Currency: "USD"}, order.ErrPaymentMismatch},
		{"no txn", order.StatusPendingPayment, order.Payment{Amount: 5800, Currency: "CNY"}, order.ErrInvalidOrder},
	}
	for _, s := range order.Statuses() {
		if s != order.StatusPendingPayment {
			tests = append(tests, payCase{"from " + s.String(), s, ok, order.ErrInvalidTransition})
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := orderIn(t, tt.status)
			before := o.Record()
			if err := o.Pay(tt.pay, t0.Add(time.Hour)); !errors.Is(err, tt.want) {
				t.Fatalf("Pay = %v, want %v", err, tt.want)
			}
			if !reflect.DeepEqual(o.Record(), before) || len(o.Changes()) != 0 {
				t.Fatal("refused Pay changed the order")
			}
		})
	}
}
