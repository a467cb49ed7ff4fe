package orderview

import (
	"time"

	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/reserve"
)

// View is the full view of one order.
type View struct {
	// Order is the master record: the truth.
	Order order.Record
	// Copies are the copies the lists read, each compared with Order.
	Copies []Copy
	// Timeline holds the committed changes, oldest first.
	Timeline []order.Change
	// Pending are the changes still being derived (sync intents).
	Pending []orderstore.PendingChange
	// Refunds are the order's refunds, oldest first.
	Refunds []Refund
	// PaymentNotices are the provider's notifications about the order,
	// by when they arrived.
	PaymentNotices []PaymentNotice
	// Holds is what the order holds in Redis and the store; nil when the
	// view was built without the reservations.
	Holds *reserve.Holding
	// Timer is the business timer the order waits on; nil when none.
	Timer *Timer
}

// Copy is one copy of the order and how it compares with the master.
type Copy struct {
	// Name says which: "user <id>" or "store <id> day <day>".
	Name string
	// Found: the copy exists.
	Found bool
	// Version and Status are the copy's.
	Version int64
	Status  order.Status
	// Agrees: the copy is the master record, field for field.
	Agrees bool
	// Record is the copy itself (zero when not found).
	Record order.Record
}

// Refund is a refund of the order and, while it is not settled, its
// retry state in the refund index.
type Refund struct {
	order.Refund
	// NextAttempt is when the refund service tries it next; zero when it
	// is settled or the index holds no pending item.
	NextAttempt time.Time
}

// PaymentNotice is what pay-callback recorded of one notification.
type PaymentNotice struct {
	EventID    string    `json:"event_id"`
	Type       string    `json:"type"`
	ReceivedAt time.Time `json:"received_at"`
	Status     int       `json:"status"`
	Outcome    string    `json:"outcome"`
}

// Timer is the business timer the order waits on.
type Timer struct {
	Kind orderstore.TimerKind
	// Since is when the order entered its status (for the payment timer:
	// its deadline).
	Since time.Time
	// Due is when the sweeper acts on it; zero when the timeout is not
	// known to the builder.
	Due time.Time
	// Stored: the timer's item is in the store, where the sweeper finds it.
	Stored bool
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
