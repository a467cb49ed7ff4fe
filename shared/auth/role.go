package auth

import (
	"fmt"
)

// Role is the kind of principal a token names. It is a closed set; the zero
// Role is no role and is never accepted.
type Role struct{ s string }

// The roles of contract section 3.
var (
	RoleUser     = Role{"user"}
	RoleMerchant = Role{"merchant"}
	RoleRider    = Role{"rider"}
	RoleService  = Role{"service"}
)

// Roles lists every role. The slice is the caller's.
func Roles() []Role {
	return []Role{RoleUser, RoleMerchant, RoleRider, RoleService}
}

// ParseRole returns the role named s (a role claim). Unknown names fail
// with ErrInvalidPrincipal.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles() {
		if r.s == s {
			return r, nil
		}
	}
	return Role{}, fmt.Errorf("%w: unknown role %q", ErrInvalidPrincipal, s)
}

// String returns the role's name, "" for the zero Role.
func (r Role) String() string { return r.s }

// IsZero reports whether r is the zero Role.
func (r Role) IsZero() bool { return r == Role{} }
