package catalog

import (
	"errors"
	"fmt"
	"net/http"
)

// Sentinel errors of the catalog client. Every method wraps one of them
// with what it was doing; test for them with errors.Is.
var (
	// ErrNotFound: the catalog does not know the store, or the user has no
	// coupon with the id (404).
	ErrNotFound = errors.New("catalog: not found")
	// ErrUnavailable: the catalog did not answer in time or could not
	// answer now (5xx, 429, a timeout, a connection error). The error also
	// wraps the cause: a *StatusError, context.DeadlineExceeded or the
	// transport's error.
	ErrUnavailable = errors.New("catalog: unavailable")
	// ErrBadResponse: the catalog answered outside the contract: a status
	// other than 200, 404, 429 and 5xx, a body that is not the expected
	// JSON, an oversized body, or data about another store, sku or coupon
	// than was asked for.
	ErrBadResponse = errors.New("catalog: bad response")
)

// StatusError is the HTTP status of an unsuccessful answer. It is wrapped
// together with ErrUnavailable or ErrBadResponse.
type StatusError struct {
	// StatusCode is the answer's HTTP status code.
	StatusCode int
}

// Error returns the status as text, for example "status 503 Service
// Unavailable".
func (e *StatusError) Error() string {
	return fmt.Sprintf("status %d %s", e.StatusCode, http.StatusText(e.StatusCode))
}
