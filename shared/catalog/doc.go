// Package catalog is the order center's view of the catalog service
// (contract section 13): the wire types of its three answers, Store, Item
// and Coupon, with the project's optional additions (a store's Fees:
// delivery by distance, small orders, packing per item; an item's
// OptionGroups; docs/catalog.md) and the rules they keep (the Problems
// methods), and Client, a thin typed layer over an httpcall.Client for
// the service at $CATALOG_URL (a deadline per call, the "catalog"
// circuit breaker, a bounded answer, no redirect followed).
//
// Every failure is package httpcall's *httpcall.Error, sorted into its
// sentinels, spelled here for the catalog, so that callers decide without
// parsing messages:
//
//   - ErrNotFound: the store or coupon does not exist (404);
//   - ErrUnavailable: the catalog could not answer now (5xx, 429, a timeout,
//     a refused or broken connection, its breaker open); retrying later may
//     succeed, and the order center answers 503 dependency_unavailable;
//   - ErrBadResponse, an ErrUnavailable: the catalog answered something the
//     contract does not allow (an unexpected status, malformed or oversized
//     JSON, an answer about another store or coupon);
//   - httpcall.ErrPermanent: any other 4xx.
//
// A call cancelled by the caller returns an error wrapping
// context.Canceled and none of the sentinels: the caller went away, the
// catalog did not fail.
//
// Fallbacks and caching are not done here; they wrap the client where it
// is consumed.
//
// The local runner serves a built-in catalog with the same routes; see
// package builtin.
package catalog
