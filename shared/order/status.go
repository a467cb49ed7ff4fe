package order

import "fmt"

// Status is where an order stands. It is a closed set: the zero Status is
// the only value besides those declared here, and it means "none" (the
// status before creation).
type Status struct{ s string }

// The statuses of contract section 5.
var (
	StatusPendingPayment = Status{"PENDING_PAYMENT"}
	StatusPaid           = Status{"PAID"}
	StatusAccepted       = Status{"ACCEPTED"}
	StatusReady          = Status{"READY"}
	StatusDelivering     = Status{"DELIVERING"}
	StatusDelivered      = Status{"DELIVERED"}
	StatusCompleted      = Status{"COMPLETED"}
	StatusCancelled      = Status{"CANCELLED"}
)

// Statuses lists every status, in the order of the forward flow, cancelled
// last. The slice is the caller's.
func Statuses() []Status {
	return []Status{
		StatusPendingPayment, StatusPaid, StatusAccepted, StatusReady,
		StatusDelivering, StatusDelivered, StatusCompleted, StatusCancelled,
	}
}

// ParseStatus returns the status spelled s (exactly, upper case). Anything
// else, including "", is an error wrapping ErrInvalidOrder.
func ParseStatus(s string) (Status, error) {
	for _, st := range Statuses() {
		if st.s == s {
			return st, nil
		}
	}
	return Status{}, fmt.Errorf("%w: unknown status %q", ErrInvalidOrder, s)
}

// String returns the status as the contract spells it ("" for the zero
// Status).
func (s Status) String() string { return s.s }

// IsZero reports whether s is the zero Status.
func (s Status) IsZero() bool { return s == Status{} }

// IsFinal reports whether no move leaves s: COMPLETED or CANCELLED.
// Refunds may still follow a final status, without changing it.
func (s Status) IsFinal() bool {
	return s == StatusCompleted || s == StatusCancelled
}

// MarshalText encodes s as its name. The zero Status cannot be encoded.
func (s Status) MarshalText() ([]byte, error) {
	if s.IsZero() {
		return nil, fmt.Errorf("%w: zero status", ErrInvalidOrder)
	}
	return []byte(s.s), nil
}

// UnmarshalText decodes a status name; unknown names are an error.
func (s *Status) UnmarshalText(b []byte) error {
	st, err := ParseStatus(string(b))
	if err != nil {
		return err
	}
	*s = st
	return nil
}
