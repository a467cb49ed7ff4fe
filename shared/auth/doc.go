// Package auth authenticates the callers of the order center's HTTP
// functions (contract section 3).
//
// A caller presents "Authorization: Bearer <JWT>", an HS256 token signed
// with a key of the secret jwt-secret, whose claims name the principal: sub
// (its id), role (user, merchant, rider or service), store_id (merchants)
// and exp (required). A Verifier checks such a header and returns the
// Principal; Sign issues tokens for development (ordercenter token) and
// tests.
//
// Keys: jwt-secret holds one key a line (see secrets.Lines). Tokens are
// signed with the first and verified with any, so a key is rotated by
// writing the new one on the first line above the old, switching the
// issuer once every replica reads the new file, and removing the old line
// when its last tokens have expired (MAX_TOKEN_TTL at most). Package
// httpapi reads the file again while it runs (secrets.Reloader).
//
// Times: exp, iat and nbf must be JSON numbers (RFC 7519 NumericDate:
// seconds since 1970, a fraction allowed); a string, null or anything else
// is refused, as is a token without exp. The clocks of the issuer and of
// the order center may differ by up to Leeway (30 s) in either direction:
// a token is refused once exp is Leeway past, and when nbf or iat is more
// than Leeway ahead. A token's lifetime, exp minus iat, or exp minus now
// (within Leeway) when it has no iat, must not exceed the Verifier's
// maximum: DefaultMaxTTL (24 h), or MAX_TOKEN_TTL where the functions build
// it.
//
// Every failure of Verify wraps ErrUnauthorized, and callers answer 401
// with one message whatever the cause. The error's text says why, for the
// log; it is never sent to a client.
//
// What a principal may read or act on is decided by the order domain, not
// here; callers map Role to the domain's own role.
package auth

import "errors"

var (
	// ErrUnauthorized means the request carries no acceptable credentials:
	// the header is missing or malformed, or the token is badly signed,
	// expired, not yet valid, lives too long, or lacks or misspells a
	// claim. Callers answer 401.
	ErrUnauthorized = errors.New("unauthorized")
	// ErrInvalidPrincipal means a principal lacks its subject or role, or
	// is a merchant without a store. Verify wraps it, beside
	// ErrUnauthorized, when a validly signed token names such a principal.
	ErrInvalidPrincipal = errors.New("invalid principal")
	// ErrWeakSecret means a secret is shorter than MinSecretSize, or a
	// Verifier has none.
	ErrWeakSecret = errors.New("signing secret too short")
)
