package order

import (
	"time"
)

// ID returns the order id (see NewID).
func (o *Order) ID() string { return o.id }

// UserID returns the id of the user who placed the order.
func (o *Order) UserID() string { return o.userID }

// StoreID returns the id of the store the order is from.
func (o *Order) StoreID() string { return o.storeID }

// StoreDay returns the store's local day of the order, "YYYY-MM-DD".
func (o *Order) StoreDay() string { return o.storeDay }

// Status returns the order's current status.
func (o *Order) Status() Status { return o.status }

// Version returns the order's version: 1 when created, one more for each
// change since.
func (o *Order) Version() int64 { return o.version }

// RiderID returns the id of the rider who picked the order up, or "".
func (o *Order) RiderID() string { return o.riderID }

// Amounts returns the order's money.
func (o *Order) Amounts() Amounts { return o.amounts }

// Currency returns the ISO 4217 code of the order's amounts.
func (o *Order) Currency() string { return o.currency }

// Lines returns a copy of the order's lines.
func (o *Order) Lines() []Line { return cloneLines(o.lines) }

// Delivery returns where and to whom the order goes, phone in clear.
func (o *Order) Delivery() Delivery { return o.delivery }

// Note returns the user's note to the store.
func (o *Order) Note() string { return o.note }

// CouponID returns the coupon applied to the order, or "".
func (o *Order) CouponID() string { return o.couponID }

// TxnID returns the payment provider's transaction id once paid, or "".
func (o *Order) TxnID() string { return o.txnID }

// CreatedAt returns when the order was placed (UTC).
func (o *Order) CreatedAt() time.Time { return o.createdAt }

// UpdatedAt returns when the order last changed (UTC).
func (o *Order) UpdatedAt() time.Time { return o.updatedAt }

// PayDeadline returns when an unpaid order is cancelled by PAY_TIMEOUT.
func (o *Order) PayDeadline() time.Time { return o.payDeadline }

// PaidAt returns when the payment was confirmed, or the zero time.
func (o *Order) PaidAt() time.Time { return o.paidAt }

// DeliveredAt returns when the rider delivered the order, or the zero time.
func (o *Order) DeliveredAt() time.Time { return o.deliveredAt }

// CancelReason returns why the order was cancelled, or "".
func (o *Order) CancelReason() string { return o.cancelReason }
