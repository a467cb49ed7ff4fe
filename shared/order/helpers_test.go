package order_test

import (
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/order"
)

var t0 = time.Date(2025, 3, 14, 11, 30, 0, 0, time.UTC)

// The actors of the fixture order: each owns it in their role.
var (
	theUser     = order.Actor{Role: order.RoleUser, ID: "u-1"}
	theMerchant = order.Actor{Role: order.RoleMerchant, ID: "m-1", StoreID: "s-1"}
	theRider    = order.Actor{Role: order.RoleRider, ID: "r-1"}
	theService  = order.Actor{Role: order.RoleService, ID: "cs-1"}
	theSystem   = order.System("timer")
)

func actorFor(r order.Role) order.Actor {
	switch r {
	case order.RoleUser:
		return theUser
	case order.RoleMerchant:
		return theMerchant
	case order.RoleRider:
		return theRider
	case order.RoleService:
		return theService
	}
	return theSystem
}

// draft returns a valid draft: 2 x 2800 + 200 + 500 - 500 = 5800 CNY.
func draft() order.Draft {
	return order.Draft{
		ID: order.NewID(t0), UserID: "u-1", StoreID: "s-1", StoreDay: "2025-03-14",
		Lines: []order.Line{{SKU: "sku-1", Name: "Beef noodles", Qty: 2,
			UnitPrice: 2800, Subtotal: 5600}},
		Amounts: order.Amounts{Items: 5600, PackingFee: 200, DeliveryFee: 500,
			Discount: 500, Total: 5800},
		Delivery:    order.Delivery{Name: "Li", Phone: "13800001234", Address: "1 Road"},
		Note:        "no chili",
		PayDeadline: t0.Add(15 * time.Minute),
	}
}

func newOrder(t testing.TB) *order.Order {
	t.Helper()
	o, err := order.New(draft(), t0)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return o
}

// recordIn returns a coherent record of the fixture order in status s, at
// version 3, as if loaded from storage.
func recordIn(t testing.TB, s order.Status) order.Record {
	t.Helper()
	r := newOrder(t).Record()
	r.Status, r.Version, r.UpdatedAt = s, 3, t0.Add(time.Minute)
	if s != order.StatusPendingPayment && s != order.StatusCancelled {
		r.TxnID, r.PaidAt, r.Amounts.Paid = "txn-1", t0.Add(time.Minute), r.Amounts.Total
	}
	switch s {
	case order.StatusDelivering, order.StatusDelivered, order.StatusCompleted:
		r.RiderID = "r-1"
	case order.StatusCancelled:
		r.CancelReason = "changed my mind"
	}
	return r
}

// orderIn returns the fixture order loaded in status s, with no pending
// changes.
func orderIn(t testing.TB, s order.Status) *order.Order {
	t.Helper()
	o, err := order.FromRecord(recordIn(t, s))
	if err != nil {
		t.Fatalf("FromRecord(%s): %v", s, err)
	}
	return o
}
