package order_test

import (
	"testing"

	"github.com/ordercenter/ordercenter/shared/order"
)

func TestMaskPhone(t *testing.T) {
	for in, want := range map[string]string{
		"13800001234":    "138****1234",
		" 13800001234 ":  "138****1234",
		"+8613800001234": "+86****1234",
		"138000012345":   "138****2345",
		"12345678":       "****5678",
		"1234567":        "****567",
		"12345":          "****5",
		"1234":           "****",
		"1":              "****",
		"":               "",
		"电话号码一二三四五六七":    "电话号****四五六七",
	} {
		if got := order.MaskPhone(in); got != want {
			t.Errorf("MaskPhone(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestVisibleTo(t *testing.T) {
	other := func(a order.Actor) order.Actor { a.ID, a.StoreID = "x-9", "s-9"; return a }
	tests := []struct {
		status order.Status
		by     order.Actor
		want   bool
	}{
		{order.StatusPaid, theUser, true},
		{order.StatusPaid, other(theUser), false},
		{order.StatusPaid, theMerchant, true},
		{order.StatusPaid, other(theMerchant), false},
		{order.StatusPaid, order.Actor{Role: order.RoleMerchant, ID: "m-1"}, false},
		{order.StatusPaid, theRider, false},
		{order.StatusAccepted, other(theRider), true},
		{order.StatusReady, other(theRider), true},
		{order.StatusReady, order.Actor{Role: order.RoleRider}, false},
		{order.StatusDelivering, theRider, true},
		{order.StatusDelivering, other(theRider), false},
		{order.StatusCompleted, theRider, true},
		{order.StatusCompleted, other(theRider), false},
		{order.StatusCancelled, theService, true},
		{order.StatusPendingPayment, theSystem, true},
		{order.StatusPaid, order.Actor{ID: "u-1"}, false},
	}
	for _, tt := range tests {
		if got := orderIn(t, tt.status).VisibleTo(tt.by); got != tt.want {
			t.Errorf("%s order VisibleTo(%+v) = %v, want %v", tt.status, tt.by, got, tt.want)
		}
	}
}
