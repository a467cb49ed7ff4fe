package order

// rule says that the roles may perform the action on an order in any of
// the from statuses, moving it to to.
type rule struct {
	from   []Status
	action Action
	roles  []Role
	to     Status
}

// rules is the status table of contract section 5, the only source of
// truth for who may move an order where. Paying (PENDING_PAYMENT -> PAID)
// is not here: it is Order.Pay, driven by the payment provider.
//
// Customer service may cancel any order not yet picked up (PENDING_PAYMENT,
// PAID, ACCEPTED, READY): a customer-service decision, taken for the user
// or the store when they cannot act themselves. Once a rider has the
// order, it can only go forward.
var rules = []rule{
	{sts(StatusPendingPayment), ActionCancel, roles(RoleUser, RoleService), StatusCancelled},
	{sts(StatusPendingPayment), ActionPayTimeout, roles(RoleSystem), StatusCancelled},
	{sts(StatusPaid), ActionAccept, roles(RoleMerchant), StatusAccepted},
	{sts(StatusPaid), ActionReject, roles(RoleMerchant), StatusCancelled},
	{sts(StatusPaid), ActionCancel, roles(RoleUser, RoleService), StatusCancelled},
	{sts(StatusPaid), ActionAcceptTimeout, roles(RoleSystem), StatusCancelled},
	{sts(StatusAccepted), ActionReady, roles(RoleMerchant), StatusReady},
	{sts(StatusAccepted, StatusReady), ActionPickup, roles(RoleRider), StatusDelivering},
	{sts(StatusAccepted, StatusReady), ActionCancel, roles(RoleMerchant, RoleService), StatusCancelled},
	{sts(StatusDelivering), ActionDeliver, roles(RoleRider), StatusDelivered},
	{sts(StatusDelivered), ActionConfirm, roles(RoleUser), StatusCompleted},
	{sts(StatusDelivered), ActionAutoComplete, roles(RoleSystem), StatusCompleted},
}

func sts(s ...Status) []Status { return s }
func roles(r ...Role) []Role   { return r }

// move is one cell of the table; grant is what a role may do somewhere.
type (
	move struct {
		from   Status
		action Action
		role   Role
	}
	grant struct {
		action Action
		role   Role
	}
)

var moves, grants = index(rules)

func index(rules []rule) (map[move]Status, map[grant]bool) {
	ms, gs := map[move]Status{}, map[grant]bool{}
	for _, r := range rules {
		for _, role := range r.roles {
			gs[grant{r.action, role}] = true
			for _, from := range r.from {
				ms[move{from, r.action, role}] = r.to
			}
		}
	}
	return ms, gs
}

// Next returns the status an order in from moves to when the role performs
// the action, and whether the table allows it at all. It is the table of
// contract section 5, exported for tests and documentation.
func Next(from Status, a Action, r Role) (Status, bool) {
	to, ok := moves[move{from, a, r}]
	return to, ok
}

// mayEver reports whether the role may perform the action from some
// status.
func mayEver(a Action, r Role) bool { return grants[grant{a, r}] }
