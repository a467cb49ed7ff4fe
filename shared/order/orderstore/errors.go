package orderstore

import (
	"errors"
	"fmt"

	"github.com/ordercenter/ordercenter/shared/kv"
)

var (
	// ErrNotFound: no order has the id.
	ErrNotFound = errors.New("order not found")
	// ErrConflict: the order changed since it was read (its version is not
	// the expected one); nothing was written.
	ErrConflict = errors.New("order changed concurrently")
	// ErrExists: another order already has the id (for CreateOnce: or
	// this order is stored without a record of the key, as orders written
	// before keys were recorded are).
	ErrExists = errors.New("order id taken")
	// ErrSyncPending: the change is committed on the master record, but its
	// copies, timeline entry or events could not all be written yet; the
	// healer finishes them. Callers may treat the change as done.
	ErrSyncPending = errors.New("order change committed, copies pending")
	// ErrPendingChanged: a refund's pending item changed since it was read
	// (or, written as new, was there already); nothing was written.
	ErrPendingChanged = errors.New("pending refund changed concurrently")
)

// Errors of CreateOnce: the idempotency key is recorded already, and not
// as the answer of this order's own earlier attempt. Nothing was written.
var (
	// ErrKeyTaken: the key is recorded for another order. The error is a
	// *KeyTakenError carrying that record.
	ErrKeyTaken = errors.New("idempotency key taken by another order")
	// ErrKeyBusy: the key is recorded for this order by another attempt
	// that may still be writing it (KeyWriting).
	ErrKeyBusy = errors.New("idempotency key being written by another attempt")
)

// KeyTakenError is ErrKeyTaken with the record that holds the key (its
// State set): the request it was first made with, its order and answer.
type KeyTakenError struct {
	Record KeyRecord
}

// Error names the order holding the key.
func (e *KeyTakenError) Error() string {
	return fmt.Sprintf("%v: order %s (%s)", ErrKeyTaken, e.Record.OrderID, e.Record.State)
}

// Unwrap makes errors.Is(err, ErrKeyTaken) hold.
func (e *KeyTakenError) Unwrap() error { return ErrKeyTaken }

// ErrInvalidCursor: a list cursor that this list did not hand out.
var ErrInvalidCursor = errors.New("invalid list cursor")

// ErrUnavailable: the store is unreachable, throttling or overloaded; the
// call may succeed if retried later. Every error of this package caused by
// such a store failure wraps it, so callers test for it without importing
// the store: it is kv.ErrUnavailable itself, as os.ErrNotExist is
// fs.ErrNotExist.
var ErrUnavailable = kv.ErrUnavailable
