package order

import "fmt"

// Role is the kind of principal acting on an order. It is a closed set; the
// zero Role means "nobody" and may do nothing.
type Role struct{ s string }

// The roles. The first four come from the JWT's role claim (contract
// section 3); RoleSystem is the order center itself (payments, timers) and
// can never come from outside.
var (
	RoleUser     = Role{"user"}
	RoleMerchant = Role{"merchant"}
	RoleRider    = Role{"rider"}
	RoleService  = Role{"service"}
	RoleSystem   = Role{"system"}
)

// Roles lists every role, RoleSystem last. The slice is the caller's.
func Roles() []Role {
	return []Role{RoleUser, RoleMerchant, RoleRider, RoleService, RoleSystem}
}

// ParseRole returns the role of a JWT role claim: user, merchant, rider or
// service. Anything else, including "system", is an error wrapping
// ErrNotAllowed.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles() {
		if r.s == s && r != RoleSystem {
			return r, nil
		}
	}
	return Role{}, fmt.Errorf("%w: unknown role %q", ErrNotAllowed, s)
}

// String returns the role's name ("" for the zero Role).
func (r Role) String() string { return r.s }

// IsZero reports whether r is the zero Role.
func (r Role) IsZero() bool { return r == Role{} }

// MarshalText encodes r as its name. The zero Role cannot be encoded.
func (r Role) MarshalText() ([]byte, error) {
	if r.IsZero() {
		return nil, fmt.Errorf("%w: zero role", ErrInvalidOrder)
	}
	return []byte(r.s), nil
}

// UnmarshalText decodes a role name, "system" included: it reads back what
// this package wrote (the actors of stored changes). Use ParseRole for
// input from outside.
func (r *Role) UnmarshalText(b []byte) error {
	for _, known := range Roles() {
		if known.s == string(b) {
			*r = known
			return nil
		}
	}
	return fmt.Errorf("%w: unknown role %q", ErrInvalidOrder, b)
}

// Actor is who acts on an order: a role and the principal's id (the JWT's
// sub), plus the merchant's store.
type Actor struct {
	Role    Role   `json:"role"`
	ID      string `json:"id"`
	StoreID string `json:"store_id,omitempty"`
}

// System returns the order center acting on its own, named by what drives
// it, for example System("pay-timeout") or System("payment").
func System(id string) Actor { return Actor{Role: RoleSystem, ID: id} }

// String describes the actor for logs and errors, as "role:id".
func (a Actor) String() string { return a.Role.s + ":" + a.ID }
