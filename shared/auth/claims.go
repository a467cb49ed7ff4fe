package auth

import "github.com/golang-jwt/jwt/v5"

// claims is the payload of an order center token.
type claims struct {
	jwt.RegisteredClaims
	Role    string `json:"role"`
	StoreID string `json:"store_id,omitempty"`
}

// principal returns the principal the claims name, validated.
func (c *claims) principal() (Principal, error) {
	role, err := ParseRole(c.Role)
	if err != nil {
		return Principal{}, err
	}
	p := Principal{Subject: c.Subject, Role: role}
	if role == RoleMerchant {
		p.StoreID = c.StoreID
	}
	if err := p.Validate(); err != nil {
		return Principal{}, err
	}
	return p, nil
}
