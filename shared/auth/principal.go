package auth

import "fmt"

// Principal is who a verified token speaks for.
type Principal struct {
	// Subject is the principal's id (the sub claim): a user, merchant,
	// rider or service account id.
	Subject string
	// Role is the kind of principal (the role claim).
	Role Role
	// StoreID is the merchant's store (the store_id claim). It is set for
	// merchants only; Verify leaves it empty for every other role and Sign
	// does not put it in their tokens.
	StoreID string
}

// Validate reports, wrapping ErrInvalidPrincipal, whether p lacks a subject
// or a role, or is a merchant without a store.
func (p Principal) Validate() error {
	switch {
	case p.Subject == "":
		return fmt.Errorf("%w: empty subject", ErrInvalidPrincipal)
	case p.Role.IsZero():
		return fmt.Errorf("%w: no role", ErrInvalidPrincipal)
	case p.Role == RoleMerchant && p.StoreID == "":
		return fmt.Errorf("%w: merchant without store_id", ErrInvalidPrincipal)
	}
	return nil
}
