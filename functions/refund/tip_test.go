package function

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/auth"
	"github.com/ordercenter/ordercenter/shared/events/eventstest"
	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore/orderstoretest"
)

// tipped stores an order of 5800 CNY and a tip of 300, paid: 6100.
func (f *fixture) tipped(t *testing.T) string {
	t.Helper()
	now := f.now()
	id := orderstoretest.Place(t, f.repo, orderstoretest.Spec{Now: now, Tip: 300}).OrderID
	orderstoretest.Drive(t, f.repo, id, order.StatusPaid, "r-1", now)
	return id
}

// Partial refunds leave the tip; one reaching into it without the rest is
// 422; the refund that leaves nothing else (amount left out, or all but
// the tip) carries it, and the provider refunds it.
func TestTipIsRefundedWithTheLastRefund(t *testing.T) {
	backends.Each(t, func(t *testing.T, s kv.Store) {
		f := newFixture(t, s, nil)
		orderID := f.tipped(t)
		merchant := token(t, auth.RoleMerchant, "m-1", "s-1")
		ask := func(id, amount string) (int, map[string]any) {
			body := fmt.Sprintf(`{"order_id":%q,"refund_id":%q%s}`, orderID, id+"-"+randomHex(3), amount)
			status, got, _ := f.call(t, "POST", "/", merchant, body)
			return status, got
		}
		if status, got := ask("rf-part", `,"amount":1000`); status != 202 || got["amount"] != 1000.0 || got["tip"] != nil {
			t.Fatalf("a part: %d %v, want 1000 without the tip", status, got)
		}
		// 5100 left, 300 of it the tip: 4900 reaches into the tip without the rest
		if status, got := ask("rf-into-tip", `,"amount":4900`); status != 422 || got["error"].(map[string]any)["code"] != "refund_exceeds_paid" ||
			!strings.Contains(got["error"].(map[string]any)["message"].(string), "tip") {
			t.Fatalf("into the tip: %d %v, want 422 refund_exceeds_paid", status, got)
		}
		status, got := ask("rf-rest", `,"amount":4800`) // all but the tip: the tip goes too
		if status != 202 || got["amount"] != 5100.0 || got["tip"] != 300.0 {
			t.Fatalf("the rest: %d %v, want 5100 with the tip of 300", status, got)
		}
		f.waitSucceeded(t, got["refund_id"].(string))
		o, _ := f.repo.Get(t.Context(), orderID)
		if a := o.Amounts(); a.Refunded != 6100 || a.Refunded != a.Paid || o.Refundable() != 0 {
			t.Fatalf("amounts %+v after the refunds, want all refunded", a)
		}
		if status, _ := ask("rf-more", ""); status != 422 {
			t.Fatalf("a refund after all: %d, want 422", status)
		}
	})
}

// A paid order with a tip cancelled by its merchant is refunded in full,
// tip included, through the queue path.
func TestCancellationRefundsTheTip(t *testing.T) {
	srv := eventstest.Start(t)
	f := newFixture(t, backends.Bolt(t), srv)
	f.connect(t, srv)
	orderID := f.tipped(t)
	if _, err := f.repo.Update(t.Context(), orderID, 0, func(o *order.Order) error {
		return o.Apply(order.ActionReject, orderstoretest.Merchant("s-1"), "closing early", f.now())
	}); err != nil {
		t.Fatal(err)
	}
	id := order.CancelRefundID(orderID)
	f.waitSucceeded(t, id)
	o, _ := f.repo.Get(t.Context(), orderID)
	rf, _ := o.Refund(id)
	if rf.Amount != 6100 || rf.Tip != 300 || o.Amounts().Refunded != 6100 || f.sandbox.Refunds(id).Executed != 1 {
		t.Fatalf("refund %+v, amounts %+v", rf, o.Amounts())
	}
}

// waitSucceeded waits until the refund has succeeded on its order.
func (f *fixture) waitSucceeded(t *testing.T, refundID string) {
	t.Helper()
	svc := token(t, auth.RoleService, "cs-1", "")
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if _, got, _ := f.call(t, "GET", "/"+refundID, svc, ""); got["status"] == "SUCCEEDED" {
			return
		}
	}
	t.Fatalf("refund %s did not succeed", refundID)
}
