package order

import "fmt"

// Action is a request to move an order from one status to another. It is a
// closed set: seven client actions (contract section 10) and three system
// actions driven by the order center's timers. Paying is not an Action; see
// Order.Pay.
type Action struct{ s string }

// Client actions, named in the order-action URL.
var (
	ActionAccept  = Action{"accept"}
	ActionReject  = Action{"reject"}
	ActionReady   = Action{"ready"}
	ActionPickup  = Action{"pickup"}
	ActionDeliver = Action{"deliver"}
	ActionConfirm = Action{"confirm"}
	ActionCancel  = Action{"cancel"}
)

// System actions, only ever performed by RoleSystem.
var (
	ActionPayTimeout    = Action{"pay_timeout"}
	ActionAcceptTimeout = Action{"accept_timeout"}
	ActionAutoComplete  = Action{"auto_complete"}
)

// Actions lists all ten actions, client actions first. The slice is the
// caller's.
func Actions() []Action {
	return append(clientActions(),
		ActionPayTimeout, ActionAcceptTimeout, ActionAutoComplete)
}

func clientActions() []Action {
	return []Action{
		ActionAccept, ActionReject, ActionReady, ActionPickup,
		ActionDeliver, ActionConfirm, ActionCancel,
	}
}

// ParseAction returns the client action spelled s, as in the order-action
// URL. System actions and unknown names are an error wrapping
// ErrInvalidOrder.
func ParseAction(s string) (Action, error) {
	for _, a := range clientActions() {
		if a.s == s {
			return a, nil
		}
	}
	return Action{}, fmt.Errorf("%w: unknown action %q", ErrInvalidOrder, s)
}

// String returns the action's name ("" for the zero Action).
func (a Action) String() string { return a.s }

// IsZero reports whether a is the zero Action.
func (a Action) IsZero() bool { return a == Action{} }

// IsSystem reports whether a is one of the order center's own actions.
func (a Action) IsSystem() bool {
	return a == ActionPayTimeout || a == ActionAcceptTimeout || a == ActionAutoComplete
}

// MarshalText encodes a as its name. The zero Action cannot be encoded.
func (a Action) MarshalText() ([]byte, error) {
	if a.IsZero() {
		return nil, fmt.Errorf("%w: zero action", ErrInvalidOrder)
	}
	return []byte(a.s), nil
}

// UnmarshalText decodes any of the ten action names (system actions
// included, as stored timers name them); unknown names are an error.
func (a *Action) UnmarshalText(b []byte) error {
	for _, known := range Actions() {
		if known.s == string(b) {
			*a = known
			return nil
		}
	}
	return fmt.Errorf("%w: unknown action %q", ErrInvalidOrder, b)
}
