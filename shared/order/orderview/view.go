package orderview

import (
	"time"

	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/payment/ledger"
	"github.com/ordercenter/ordercenter/shared/reserve"
)

// View is the full view of one order; its JSON is what ocadmin order
// show --json prints.
type View struct {
	// Order is the master record: the truth.
	Order order.Record `json:"order"`
	// Copies are the copies the lists read, each compared with Order.
	Copies []Copy `json:"copies"`
	// Timeline holds the committed changes, oldest first.
	Timeline []order.Change `json:"timeline"`
	// Pending are the changes still being derived (sync intents).
	Pending []orderstore.PendingChange `json:"pending"`
	// Refunds are the order's refunds, oldest first.
	Refunds []Refund `json:"refunds"`
	// Payments is the order's payment ledger, oldest first: every
	// notification, query result, payment return and refund attempt and
	// settlement, with what came of it.
	Payments []ledger.Entry `json:"payments"`
	// Holds is what the order holds in Redis and the store; nil when the
	// view was built without the reservations.
	Holds *reserve.Holding `json:"holds"`
	// Timer is the business timer the order waits on; nil when none.
	Timer *Timer `json:"timer"`
}

// Copy is one copy of the order and how it compares with the master.
type Copy struct {
	// Name says which: "user <id>" or "store <id> day <day>".
	Name string `json:"name"`
	// Found: the copy exists.
	Found bool `json:"found"`
	// Version and Status are the copy's.
	Version int64        `json:"version"`
	Status  order.Status `json:"status,omitzero"`
	// Agrees: the copy is the master record, field for field.
	Agrees bool `json:"agrees"`
	// Record is the copy itself (zero when not found).
	Record order.Record `json:"record,omitzero"`
}

// Refund is a refund of the order and, while it is not settled, its
// retry state in the refund index.
type Refund struct {
	order.Refund
	// NextAttempt is when the refund service tries it next; zero when it
	// is settled or the index holds no pending item.
	NextAttempt time.Time `json:"next_attempt,omitzero"`
}

// Timer is the business timer the order waits on.
type Timer struct {
	Kind orderstore.TimerKind `json:"kind"`
	// Since is when the order entered its status (for the payment timer:
	// its deadline).
	Since time.Time `json:"since"`
	// Due is when the sweeper acts on it; zero when the timeout is not
	// known to the builder.
	Due time.Time `json:"due,omitzero"`
	// Stored: the timer's item is in the store, where the sweeper finds it.
	Stored bool `json:"stored"`
}

// Masked returns the view with the delivery phone number masked, in the
// master and in the copies.
func (v View) Masked() View {
	v.Order.Delivery.Phone = order.MaskPhone(v.Order.Delivery.Phone)
	copies := make([]Copy, len(v.Copies))
	for i, c := range v.Copies {
		c.Record.Delivery.Phone = order.MaskPhone(c.Record.Delivery.Phone)
		copies[i] = c
	}
	v.Copies = copies
	return v
}
