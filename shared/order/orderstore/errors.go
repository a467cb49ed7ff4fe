package orderstore

import (
	"errors"

	"github.com/ordercenter/ordercenter/shared/kv"
)

var (
	// ErrNotFound: no order has the id.
	ErrNotFound = errors.New("order not found")
	// ErrConflict: the order changed since it was read (its version is not
	// the expected one); nothing was written.
	ErrConflict = errors.New("order changed concurrently")
	// ErrExists: another order already has the id.
	ErrExists = errors.New("order id taken")
	// ErrSyncPending: the change is committed on the master record, but its
	// copies, timeline entry or events could not all be written yet; the
	// healer finishes them. Callers may treat the change as done.
	ErrSyncPending = errors.New("order change committed, copies pending")
	// ErrPendingChanged: a refund's pending item changed since it was read
	// (or, written as new, was there already); nothing was written.
	ErrPendingChanged = errors.New("pending refund changed concurrently")
)

// ErrInvalidCursor: a list cursor that this list did not hand out.
var ErrInvalidCursor = errors.New("invalid list cursor")

// ErrUnavailable: the store is unreachable, throttling or overloaded; the
// call may succeed if retried later. Every error of this package caused by
// such a store failure wraps it, so callers test for it without importing
// the store: it is kv.ErrUnavailable itself, as os.ErrNotExist is
// fs.ErrNotExist.
var ErrUnavailable = kv.ErrUnavailable
