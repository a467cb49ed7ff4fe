package auth

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Limits of Verify.
const (
	// Leeway is the clock skew allowed when checking exp, nbf and iat.
	Leeway = 30 * time.Second
	// MaxTokenSize is the longest token, in bytes, that Verify reads.
	MaxTokenSize = 4 << 10
)

// bearer is the authorization scheme Verify accepts, compared without
// regard to case (RFC 9110, section 11.1).
const bearer = "Bearer"

// Verifier checks bearer tokens signed with one HS256 secret. It is safe
// for concurrent use.
type Verifier struct {
	secret []byte
}

// NewVerifier returns a Verifier of tokens signed with secret (the content
// of the jwt-secret secret). It keeps a copy of secret. It fails with
// ErrWeakSecret when secret is shorter than MinSecretSize.
func NewVerifier(secret []byte) (*Verifier, error) {
	if len(secret) < MinSecretSize {
		return nil, fmt.Errorf("new verifier: %w (%d bytes, want %d)", ErrWeakSecret, len(secret), MinSecretSize)
	}
	return &Verifier{secret: append([]byte(nil), secret...)}, nil
}

// Verify checks the value of an Authorization header at time now and
// returns the principal its token names. It accepts only "Bearer <token>"
// where the token is at most MaxTokenSize bytes, signed with HS256 and the
// Verifier's secret, carries exp (and, if present, nbf and iat) valid at
// now within Leeway, a non-empty sub, a known role, and a store_id for a
// merchant.
//
// Every failure wraps ErrUnauthorized; one naming a bad principal also
// wraps ErrInvalidPrincipal. The error text is safe to log but is not for
// the client, which gets a plain 401.
func (v *Verifier) Verify(authorization string, now time.Time) (Principal, error) {
	token, err := bearerToken(authorization)
	if err != nil {
		return Principal{}, err
	}
	var c claims
	parser := jwt.NewParser(
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(Leeway),
		jwt.WithTimeFunc(func() time.Time { return now }),
	)
	if t, err := parser.ParseWithClaims(token, &c, v.key); err != nil {
		return Principal{}, fmt.Errorf("%w: %s", ErrUnauthorized, reason(t, err))
	}
	p, err := c.principal()
	if err != nil {
		return Principal{}, fmt.Errorf("%w: %w", ErrUnauthorized, err)
	}
	return p, nil
}

// key returns the secret for a token whose method is HMAC. The parser has
// already refused every method but HS256; the type check guards against a
// change of options.
func (v *Verifier) key(t *jwt.Token) (any, error) {
	if _, ok := t.Method.(*jwt.SigningMethodHMAC); !ok {
		return nil, fmt.Errorf("unexpected signing method %v", t.Header["alg"])
	}
	return v.secret, nil
}

// bearerToken returns the token of a "Bearer <token>" header value.
func bearerToken(h string) (string, error) {
	if h == "" {
		return "", fmt.Errorf("%w: no authorization header", ErrUnauthorized)
	}
	if len(h) > len(bearer)+1+MaxTokenSize {
		return "", fmt.Errorf("%w: authorization header longer than %d bytes", ErrUnauthorized, len(bearer)+1+MaxTokenSize)
	}
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, bearer) {
		return "", fmt.Errorf("%w: not a bearer authorization", ErrUnauthorized)
	}
	token = strings.TrimSpace(token)
	if token == "" || strings.ContainsAny(token, " \t") {
		return "", fmt.Errorf("%w: malformed bearer token", ErrUnauthorized)
	}
	return token, nil
}

// reason describes a failure of the jwt parser in words of its own, so that
// no text an attacker put in a token reaches the log.
func reason(t *jwt.Token, err error) string {
	switch {
	case errors.Is(err, jwt.ErrTokenMalformed):
		return "malformed token"
	case errors.Is(err, jwt.ErrTokenUnverifiable):
		return "unknown or unspecified signing method"
	case errors.Is(err, jwt.ErrTokenSignatureInvalid) && t != nil && t.Method != nil &&
		t.Method.Alg() != jwt.SigningMethodHS256.Alg():
		// Alg is that of a registered method, never the token's own text.
		return "signing method " + t.Method.Alg() + " refused"
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		return "invalid signature"
	case errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
		return "no exp claim"
	case errors.Is(err, jwt.ErrTokenExpired):
		return "token expired"
	case errors.Is(err, jwt.ErrTokenNotValidYet):
		return "token not valid yet (nbf)"
	case errors.Is(err, jwt.ErrTokenUsedBeforeIssued):
		return "token issued in the future (iat)"
	}
	return "invalid token"
}
