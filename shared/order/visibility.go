package order

// VisibleTo reports whether the actor may read or act on the order
// (contract section 3): a user the orders they placed, a merchant the
// orders of their store, a rider the orders they picked up and the orders
// ready for pickup (ACCEPTED or READY, no rider yet), customer service and
// the system every order. The API answers 404 for an order not visible,
// exactly as for one that does not exist.
func (o *Order) VisibleTo(a Actor) bool {
	switch a.Role {
	case RoleUser:
		return a.ID != "" && a.ID == o.userID
	case RoleMerchant:
		return a.StoreID != "" && a.StoreID == o.storeID
	case RoleRider:
		return a.ID != "" && (a.ID == o.riderID || o.awaitsRider())
	case RoleService, RoleSystem:
		return true
	}
	return false
}

// awaitsRider reports whether the order is ready for pickup by any rider.
func (o *Order) awaitsRider() bool {
	return o.riderID == "" && (o.status == StatusAccepted || o.status == StatusReady)
}
