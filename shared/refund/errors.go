package refund

import "errors"

// Sentinel errors of the Service besides the order domain's (which it
// returns as they are: order.ErrRefundExceedsPaid and friends).
var (
	// ErrNotFound: no refund with the id, or not one the caller may see
	// (the API answers 404 for both).
	ErrNotFound = errors.New("refund not found")
	// ErrRefundIDTaken: the refund id belongs to a refund of another order
	// (409 conflict).
	ErrRefundIDTaken = errors.New("refund id used on another order")
	// ErrOrderNotFound: the order does not exist, or the caller may not
	// see it (404).
	ErrOrderNotFound = errors.New("order not found")
	// ErrBusy: the order kept changing under the refund; nothing was
	// written, try again (409 conflict).
	ErrBusy = errors.New("order busy")
)
