package order

import (
	"fmt"
	"slices"
	"time"
)

// Record is the stored and served form of an order: the order resource of
// contract section 5 plus the project's own fields (rider, store day,
// transaction, payment time, cancel reason). Build one with Order.Record;
// turn a stored one back into an Order with FromRecord. Before serving it
// to a principal, mask it with MaskedFor.
type Record struct {
	OrderID      string    `json:"order_id"`
	UserID       string    `json:"user_id"`
	StoreID      string    `json:"store_id"`
	StoreDay     string    `json:"store_day"`
	Status       Status    `json:"status"`
	RiderID      string    `json:"rider_id"`
	Items        []Line    `json:"items"`
	Amounts      Amounts   `json:"amounts"`
	Currency     string    `json:"currency"`
	Delivery     Delivery  `json:"delivery"`
	Note         string    `json:"note"`
	CouponID     string    `json:"coupon_id"`
	TxnID        string    `json:"txn_id"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
	PayDeadline  time.Time `json:"pay_deadline"`
	PaidAt       time.Time `json:"paid_at,omitzero"`
	DeliveredAt  time.Time `json:"delivered_at,omitzero"`
	CancelReason string    `json:"cancel_reason,omitempty"`
	Version      int64     `json:"version"`
	// CompletedAt, Refunds and FailedPayments: see refund.go.
	CompletedAt    time.Time       `json:"completed_at,omitzero"`
	Refunds        []Refund        `json:"refunds,omitempty"`
	FailedPayments []FailedPayment `json:"failed_payments,omitempty"`
}

// Record returns the order's stored form; its Items are its own copy.
func (o *Order) Record() Record {
	return Record{
		OrderID: o.id, UserID: o.userID, StoreID: o.storeID,
		StoreDay: o.storeDay, Status: o.status, RiderID: o.riderID,
		Items: cloneLines(o.lines), Amounts: o.amounts,
		Currency: o.currency, Delivery: o.delivery, Note: o.note,
		CouponID: o.couponID, TxnID: o.txnID,
		CreatedAt: o.createdAt, UpdatedAt: o.updatedAt,
		PayDeadline: o.payDeadline, PaidAt: o.paidAt, DeliveredAt: o.deliveredAt,
		CancelReason: o.cancelReason, Version: o.version,
		CompletedAt: o.completedAt, Refunds: slices.Clone(o.refunds),
		FailedPayments: slices.Clone(o.failedPayments),
	}
}

// FromRecord rehydrates an order from its stored record. It is for loading
// from storage only (repositories and their tests): new orders come from
// New, and changes from Pay and Apply. It checks that the record is
// coherent (ids, store day, a known status, version at least 1, lines and
// amounts that add up, payment and rider present where the status needs
// them) and returns an error wrapping ErrInvalidOrder naming every problem
// otherwise. The order has no pending Changes.
func FromRecord(r Record) (*Order, error) {
	if err := r.validate().err(fmt.Sprintf("order record %s", r.OrderID)); err != nil {
		return nil, err
	}
	return &Order{
		id: r.OrderID, userID: r.UserID, storeID: r.StoreID,
		storeDay: r.StoreDay, status: r.Status, version: r.Version,
		riderID: r.RiderID, lines: cloneLines(r.Items), amounts: r.Amounts,
		currency: r.Currency, delivery: r.Delivery, note: r.Note,
		couponID: r.CouponID, txnID: r.TxnID,
		createdAt: r.CreatedAt.UTC(), updatedAt: r.UpdatedAt.UTC(),
		payDeadline: r.PayDeadline.UTC(), paidAt: utcOrZero(r.PaidAt), deliveredAt: utcOrZero(r.DeliveredAt),
		cancelReason: r.CancelReason, completedAt: utcOrZero(r.CompletedAt),
		refunds: slices.Clone(r.Refunds), failedPayments: slices.Clone(r.FailedPayments),
	}, nil
}

func utcOrZero(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC()
}

// MaskedFor returns the record as the actor may see it: merchants and
// riders get the delivery phone masked (see MaskPhone); users, customer
// service and the system see it in clear. Items are shared with r.
func (r Record) MaskedFor(a Actor) Record {
	if a.Role == RoleMerchant || a.Role == RoleRider {
		r.Delivery.Phone = MaskPhone(r.Delivery.Phone)
	}
	return r
}
