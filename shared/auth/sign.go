package auth

import (
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// MinSecretSize is the shortest secret, in bytes, that Sign and NewVerifier
// accept: an HS256 key must be at least as long as the hash (RFC 7518,
// section 3.2).
const MinSecretSize = 32

// Sign returns an HS256 token for p, issued at now and expiring ttl later,
// signed with secret: the current key of jwt-secret, its first line (see
// secrets.Current). It does not bound ttl; Verify refuses a token living
// longer than its maximum (MAX_TOKEN_TTL). It is for development tokens (ordercenter token) and
// tests; production tokens come from the identity provider. It fails with
// ErrWeakSecret, with ErrInvalidPrincipal, or when ttl is not positive.
func Sign(secret []byte, p Principal, ttl time.Duration, now time.Time) (string, error) {
	if len(secret) < MinSecretSize {
		return "", fmt.Errorf("sign token: %w (%d bytes, want %d)", ErrWeakSecret, len(secret), MinSecretSize)
	}
	if err := p.Validate(); err != nil {
		return "", fmt.Errorf("sign token: %w", err)
	}
	if ttl <= 0 {
		return "", fmt.Errorf("sign token: ttl %v is not positive", ttl)
	}
	c := claims{Subject: p.Subject, Role: p.Role.String(), IssuedAt: now, ExpiresAt: now.Add(ttl)}
	if p.Role == RoleMerchant {
		c.StoreID = p.StoreID
	}
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, &c).SignedString(secret)
	if err != nil {
		return "", fmt.Errorf("sign token: %w", err)
	}
	return s, nil
}
