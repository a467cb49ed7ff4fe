// Package auth authenticates the callers of the order center's HTTP
// functions (contract section 3).
//
// A caller presents "Authorization: Bearer <JWT>", an HS256 token signed
// with the secret jwt-secret, whose claims name the principal: sub (its id),
// role (user, merchant, rider or service), store_id (merchants) and exp
// (required). A Verifier checks such a header and returns the Principal;
// Sign issues tokens for development (ordercenter token) and tests.
//
// Every failure of Verify wraps ErrUnauthorized, and callers answer 401.
// The error's text says why, for the log; it is never sent to a client.
//
// What a principal may read or act on is decided by the order domain, not
// here; callers map Role to the domain's own role.
package auth

import "errors"

var (
	// ErrUnauthorized means the request carries no acceptable credentials:
	// the header is missing or malformed, or the token is badly signed,
	// expired or lacks a required claim. Callers answer 401.
	ErrUnauthorized = errors.New("unauthorized")
	// ErrInvalidPrincipal means a principal lacks its subject or role, or
	// is a merchant without a store. Verify wraps it, beside
	// ErrUnauthorized, when a validly signed token names such a principal.
	ErrInvalidPrincipal = errors.New("invalid principal")
	// ErrWeakSecret means a signing secret is shorter than MinSecretSize.
	ErrWeakSecret = errors.New("signing secret too short")
)
