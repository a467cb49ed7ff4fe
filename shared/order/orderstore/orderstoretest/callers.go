package orderstoretest

import (
	"slices"

	"github.com/ordercenter/ordercenter/shared/order"
)

// Caller is one principal of the access tables around an order placed
// with the default Spec (user u-1, store s-1) and driven with rider r-1.
type Caller struct {
	// Name names the caller in subtests.
	Name string
	// Actor is who calls.
	Actor order.Actor
	// Owner tells whether the order is the caller's own: its user, its
	// store's merchant, its rider, or customer service.
	Owner bool
}

// Callers are the principals of the access tables: the order's own user,
// merchant and rider, one other of each, and customer service.
var Callers = []Caller{
	{"user-owner", order.Actor{Role: order.RoleUser, ID: "u-1"}, true},
	{"user-other", order.Actor{Role: order.RoleUser, ID: "u-2"}, false},
	{"merchant-owner", Merchant("s-1"), true},
	{"merchant-other", Merchant("s-2"), false},
	{"rider-owner", order.Actor{Role: order.RoleRider, ID: "r-1"}, true},
	{"rider-other", order.Actor{Role: order.RoleRider, ID: "r-2"}, false},
	{"service", order.Actor{Role: order.RoleService, ID: "cs-1"}, true},
}

// Visible is contract section 3 for the callers, written out by hand:
// riders see what awaits pickup and what they picked up (r-1 picks up
// every order that gets that far); the others see their own orders.
func Visible(c Caller, s order.Status) bool {
	if c.Actor.Role != order.RoleRider {
		return c.Owner
	}
	awaiting := s == order.StatusAccepted || s == order.StatusReady
	pickedUp := slices.Contains([]order.Status{order.StatusDelivering, order.StatusDelivered, order.StatusCompleted}, s)
	return awaiting || (c.Owner && pickedUp)
}
