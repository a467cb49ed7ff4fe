// Package orderstoretest helps tests above the order repository: it
// places orders and drives them to any status through the repository's
// guarded updates, as the real actors would.
package orderstoretest

import (
	"context"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
)

// Spec describes an order to place; blanks take defaults (user "u-1",
// store "s-1", day "2026-11-21", now time.Now(), a 15-minute payment
// deadline, no tip).
type Spec struct {
	UserID, StoreID, Day string
	Now                  time.Time
	PayWithin            time.Duration
	// Tip is added to the total.
	Tip int64
}

func (s *Spec) setDefaults() {
	if s.UserID == "" {
		s.UserID = "u-1"
	}
	if s.StoreID == "" {
		s.StoreID = "s-1"
	}
	if s.Day == "" {
		s.Day = "2026-11-21"
	}
	if s.Now.IsZero() {
		s.Now = time.Now()
	}
	if s.PayWithin == 0 {
		s.PayWithin = 15 * time.Minute
	}
}

// NewOrder returns a valid new order (total 5800 CNY and the tip, phone
// 13800001234).
func NewOrder(t testing.TB, s Spec) *order.Order {
	t.Helper()
	s.setDefaults()
	o, err := order.New(order.Draft{
		ID: order.NewID(s.Now), UserID: s.UserID, StoreID: s.StoreID, StoreDay: s.Day,
		Lines:       []order.Line{{SKU: "sku-1", Name: "Beef noodles", Qty: 2, UnitPrice: 2800, Subtotal: 5600}},
		Amounts:     order.Amounts{Items: 5600, PackingFee: 200, DeliveryFee: 500, Discount: 500, Tip: s.Tip, Total: 5800 + s.Tip},
		Delivery:    order.Delivery{Name: "Li", Phone: "13800001234", Address: "1 Road"},
		PayDeadline: s.Now.Add(s.PayWithin),
	}, s.Now)
	if err != nil {
		t.Fatalf("new order: %v", err)
	}
	return o
}

// Place stores a new order and returns it.
func Place(t testing.TB, repo *orderstore.Repository, s Spec) order.Record {
	t.Helper()
	rec, err := repo.Create(context.Background(), NewOrder(t, s))
	if err != nil {
		t.Fatalf("create order: %v", err)
	}
	return rec
}

// Merchant is the merchant of a store, as the tests name them.
func Merchant(storeID string) order.Actor {
	return order.Actor{Role: order.RoleMerchant, ID: "m-" + storeID, StoreID: storeID}
}

// Pay pays the order in full at now.
func Pay(o *order.Order, now time.Time) error {
	return o.Pay(order.Payment{TxnID: "txn-" + o.ID(), Amount: o.Amounts().Total, Currency: o.Currency()}, now)
}

// Drive moves a stored order forward until it is in status to, each step
// by its usual actor: the payment, the store's merchant, rider riderID,
// the user. CANCELLED is reached by the user cancelling at the order's
// current status. It fails the test if the table does not lead there.
func Drive(t testing.TB, repo *orderstore.Repository, id string, to order.Status, riderID string, now time.Time) order.Record {
	t.Helper()
	rec, err := repo.Update(context.Background(), id, 0, func(o *order.Order) error {
		for o.Status() != to {
			if err := step(o, to, riderID, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("drive order %s to %s: %v", id, to, err)
	}
	return rec
}

// step moves the order one status towards to.
func step(o *order.Order, to order.Status, riderID string, now time.Time) error {
	user := order.Actor{Role: order.RoleUser, ID: o.UserID()}
	if to == order.StatusCancelled {
		return o.Apply(order.ActionCancel, user, "", now)
	}
	rider := order.Actor{Role: order.RoleRider, ID: riderID}
	switch o.Status() {
	case order.StatusPendingPayment:
		return Pay(o, now)
	case order.StatusPaid:
		return o.Apply(order.ActionAccept, Merchant(o.StoreID()), "", now)
	case order.StatusAccepted:
		return o.Apply(order.ActionReady, Merchant(o.StoreID()), "", now)
	case order.StatusReady:
		return o.Apply(order.ActionPickup, rider, "", now)
	case order.StatusDelivering:
		return o.Apply(order.ActionDeliver, rider, "", now)
	default:
		return o.Apply(order.ActionConfirm, user, "", now)
	}
}
