// Package catalog is the order center's view of the catalog service
// (contract section 13): the wire types of its three answers, Store, Item
// and Coupon, and Client, a plain HTTP client for the service at
// $CATALOG_URL.
//
// The client does one request per call under the caller's context and
// sorts every failure into one of three sentinels, so that callers decide
// without parsing messages:
//
//   - ErrNotFound: the store or coupon does not exist (404);
//   - ErrUnavailable: the catalog could not answer now (5xx, 429, a timeout,
//     a refused or broken connection); retrying later may succeed, and the
//     order center answers 503 dependency_unavailable;
//   - ErrBadResponse: the catalog answered something the contract does not
//     allow (an unexpected status, malformed or oversized JSON, an answer
//     about another store or coupon).
//
// A call cancelled by the caller returns an error wrapping
// context.Canceled and none of the sentinels: the caller went away, the
// catalog did not fail.
//
// Circuit breaking, fallbacks and caching are not done here; they wrap the
// client where it is consumed.
//
// The local runner serves a built-in catalog with the same routes; see
// package builtin.
package catalog
