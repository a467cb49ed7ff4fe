package function

import (
	"fmt"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/auth"
	"github.com/ordercenter/ordercenter/shared/events/eventstest"
	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/payment/sandbox"
)

// The provider fails five times, then succeeds: the first attempt is the
// POST's, the next ones come back through JetStream (503 + Retry-After),
// and the refund ends SUCCEEDED with exactly one refund at the provider.
func TestProviderFailingFiveTimesThenSucceeding(t *testing.T) {
	backends.Each(t, func(t *testing.T, s kv.Store) {
		srv := eventstest.Start(t)
		f := newFixture(t, s, srv)
		f.connect(t, srv)
		orderID := f.orderIn(t, order.StatusPaid)
		f.sandbox.SetFaults(sandbox.Faults{FailNext: 5})
		id := "rf-5x-" + randomHex(4)
		svc := token(t, auth.RoleService, "cs-1", "")
		status, body, _ := f.call(t, "POST", "/", svc, fmt.Sprintf(`{"order_id":%q,"refund_id":%q,"amount":1200}`, orderID, id))
		if status != 202 || body["status"] != "PENDING" || body["attempts"] != 1.0 || body["amount"] != 1200.0 {
			t.Fatalf("POST: %d %v", status, body)
		}
		deadline := time.Now().Add(30 * time.Second)
		for body["status"] == "PENDING" && time.Now().Before(deadline) {
			time.Sleep(100 * time.Millisecond)
			_, body, _ = f.call(t, "GET", "/"+id, svc, "")
		}
		if body["status"] != "SUCCEEDED" || body["attempts"] != 6.0 || f.sandbox.Refunds(id).Executed != 1 {
			t.Fatalf("refund %v; %d carried out at the provider", body, f.sandbox.Refunds(id).Executed)
		}
		o, _ := f.repo.Get(t.Context(), orderID)
		if o.Amounts().Refunded != 1200 {
			t.Fatalf("amounts %+v", o.Amounts())
		}
	})
}

// A paid order cancelled by its merchant is refunded in full through the
// queue path.
func TestCancellationRefundsThroughTheQueue(t *testing.T) {
	srv := eventstest.Start(t)
	f := newFixture(t, backends.Bolt(t), srv)
	f.connect(t, srv)
	orderID := f.orderIn(t, order.StatusPaid)
	merchant := order.Actor{Role: order.RoleMerchant, ID: "m-1", StoreID: "s-1"}
	if _, err := f.repo.Update(t.Context(), orderID, 0, func(o *order.Order) error {
		return o.Apply(order.ActionReject, merchant, "closing early", f.now())
	}); err != nil {
		t.Fatal(err)
	}
	id := order.CancelRefundID(orderID)
	deadline := time.Now().Add(10 * time.Second)
	for f.sandbox.Refunds(id).Executed == 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond)
	o, _ := f.repo.Get(t.Context(), orderID)
	rf, ok := o.Refund(id)
	if !ok || rf.Status != order.RefundSucceeded || rf.Amount != 5800 || f.sandbox.Refunds(id).Executed != 1 {
		t.Fatalf("refund %+v (%v)", rf, ok)
	}
}
