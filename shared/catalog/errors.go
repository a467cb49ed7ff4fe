package catalog

import "github.com/ordercenter/ordercenter/shared/httpcall"

// The client's outcomes are package httpcall's: every error of a call is
// an *httpcall.Error (or wraps an ErrBadResponse of a malformed answer).
// These names are the same sentinels, spelled for the catalog; test for
// them with errors.Is.
var (
	// ErrNotFound: the catalog does not know the store, or the user has no
	// coupon with the id (404). It is httpcall.ErrNotFound.
	ErrNotFound = httpcall.ErrNotFound
	// ErrUnavailable: the catalog did not answer in time or could not
	// answer now (5xx, 429, a timeout, a connection error, its breaker
	// open, or an answer outside the contract). It is
	// httpcall.ErrTransient.
	ErrUnavailable = httpcall.ErrTransient
	// ErrBadResponse: the catalog answered outside the contract: a status
	// other than 200 among the 2xx and 3xx, a body that is not the
	// expected JSON, an oversized body, or data about another store, sku
	// or coupon than was asked for. It is httpcall.ErrBadAnswer, and so
	// also an ErrUnavailable.
	ErrBadResponse = httpcall.ErrBadAnswer
)
