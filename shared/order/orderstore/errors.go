package orderstore

import "errors"

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
)

// ErrInvalidCursor: a list cursor that this list did not hand out.
var ErrInvalidCursor = errors.New("invalid list cursor")
