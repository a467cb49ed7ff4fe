package auth

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Limits of Verify.
const (
	// Leeway is the clock skew allowed between the token's issuer and
	// Verify when checking exp, nbf and iat, in either direction.
	Leeway = 30 * time.Second
	// DefaultMaxTTL is the longest lifetime of a token that Verify
	// accepts unless WithMaxTTL says otherwise (MAX_TOKEN_TTL).
	DefaultMaxTTL = 24 * time.Hour
	// MaxTokenSize is the longest token, in bytes, that Verify reads.
	MaxTokenSize = 4 << 10
)

// bearer is the authorization scheme Verify accepts, compared without
// regard to case (RFC 9110, section 11.1).
const bearer = "Bearer"

// Verifier checks bearer tokens signed with HS256 and any of its secrets.
// It is safe for concurrent use.
type Verifier struct {
	keys   jwt.VerificationKeySet
	maxTTL time.Duration
	parser *jwt.Parser
}

// NewVerifier returns a Verifier of tokens signed with any of secrets (the
// keys of the jwt-secret file, see secrets.Lines) and living at most
// DefaultMaxTTL. It keeps copies of secrets. It fails with ErrWeakSecret
// when there is no secret or one is shorter than MinSecretSize.
func NewVerifier(secrets ...[]byte) (*Verifier, error) {
	if len(secrets) == 0 {
		return nil, fmt.Errorf("new verifier: %w (no secret)", ErrWeakSecret)
	}
	v := &Verifier{maxTTL: DefaultMaxTTL, parser: jwt.NewParser(
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithoutClaimsValidation(), // claims.check does it, with the lifetime
	)}
	for i, s := range secrets {
		if len(s) < MinSecretSize {
			return nil, fmt.Errorf("new verifier: %w (secret %d of %d: %d bytes, want %d)",
				ErrWeakSecret, i+1, len(secrets), len(s), MinSecretSize)
		}
		v.keys.Keys = append(v.keys.Keys, bytes.Clone(s))
	}
	return v, nil
}

// WithMaxTTL returns a copy of v that accepts tokens living at most d; d
// of 0 or less means DefaultMaxTTL.
func (v *Verifier) WithMaxTTL(d time.Duration) *Verifier {
	if d <= 0 {
		d = DefaultMaxTTL
	}
	c := *v
	c.maxTTL = d
	return &c
}

// Verify checks the value of an Authorization header at time now and
// returns the principal its token names. It accepts only "Bearer <token>"
// where the token is at most MaxTokenSize bytes, signed with HS256 and one
// of the Verifier's secrets, and whose claims are:
//
//   - exp, a JSON number, not passed at now (within Leeway);
//   - nbf and iat, when present, JSON numbers not ahead of now (within
//     Leeway);
//   - a lifetime of at most the Verifier's maximum: exp minus iat, or
//     without iat exp minus now (within Leeway);
//   - a non-empty sub, a known role, and a store_id for a merchant, each a
//     string.
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
	if t, err := v.parser.ParseWithClaims(token, &c, v.key); err != nil {
		return Principal{}, fmt.Errorf("%w: %s", ErrUnauthorized, reason(t, err))
	}
	if err := c.check(now, v.maxTTL); err != nil {
		return Principal{}, fmt.Errorf("%w: %w", ErrUnauthorized, err)
	}
	p, err := c.principal()
	if err != nil {
		return Principal{}, fmt.Errorf("%w: %w", ErrUnauthorized, err)
	}
	return p, nil
}

// key returns the secrets for a token whose method is HMAC; the parser
// tries each. It has already refused every method but HS256; the type
// check guards against a change of options.
func (v *Verifier) key(t *jwt.Token) (any, error) {
	if _, ok := t.Method.(*jwt.SigningMethodHMAC); !ok {
		return nil, fmt.Errorf("unexpected signing method %v", t.Header["alg"])
	}
	return v.keys, nil
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
	var bad *claimError
	switch {
	case errors.As(err, &bad):
		return "malformed token: " + bad.Error()
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
	}
	return "invalid token"
}
