// Package reserve holds what an order takes before it is written
// (contract section 13), the Try/Confirm/Cancel way, in Redis: units of
// limited-stock items (daily_limit per sku per store-local day), the
// coupon, a place among the user's unpaid orders (MAX_UNPAID_ORDERS), and
// the order's count in the user's first-order standing.
//
// # Try: Hold
//
// Hold runs one Lua script that checks everything and then takes
// everything, or takes nothing and says why (ErrOutOfStock with the sku,
// ErrCouponHeld, ErrTooManyUnpaid, ErrNotFirstOrder). Redis runs scripts
// one at a time, so no race can oversell: however many orders compete,
// the counters never pass the limits. Hold is idempotent on the order id:
// holding again for an order already held changes nothing, so a retry of
// a crashed place-order finishes with the same holds.
//
// # Confirm and Cancel: Confirm, Release
//
// Every hold is recorded per order (the hold record), so it is settled by
// order id alone: Confirm when the order is paid (stock stays taken, the
// coupon becomes spent, the unpaid place is freed), Release when it is
// cancelled or times out (stock and the unpaid place given back, the
// coupon given back if the order was never paid, else kept spent, the
// first-order count taken back), or when place-order could not write the
// order. Both are idempotent, and commute: a hold moves only forward,
// held → confirmed → released, whatever order the events come in.
//
// # Orphans
//
// Until place-order has written the order and called Commit, the hold is
// listed as pending, scored by when it was last touched. OrphanTask, run
// by the sweeper, takes pending holds older than a grace period, a
// bounded number per run: those whose order exists are committed, the
// others released, on condition that no retry touched them meanwhile.
//
// # First-order standing
//
// The user's count of orders that are not cancelled is kept in Redis,
// raised by Hold and lowered by Release, so a first order is told without
// reading the user's orders. When the count is missing (a user never seen
// since Redis was emptied), FirstOrder counts it once from the store.
//
// # Rebuilding
//
// If Redis loses the counters, RebuildStoreDay sets a store-day's stock
// counters again from the orders in the store (plus holds of orders not
// written yet), and RebuildUser a user's standing, coupons and unpaid
// orders. See rebuild.go and rebuild_user.go.
//
// # Keys
//
// All under the prefix (default "oc:"):
//
//	stock:<store>:<day>:<sku>   units of the sku taken that store-local day
//	coupon:<user>:<coupon>      "h:<order>" while held, "s:<order>" once spent
//	hold:<order>                the hold record (hash): st, user, store, day,
//	                            s:<stock key> = qty, ck/cx coupon key and
//	                            expiry, uk unpaid key, lk standing key, at
//	holds:pending               order ids of holds not yet committed (zset)
//	unpaid:<user>               the user's unpaid orders (zset, score = pay deadline)
//	live:<user>                 the user's count of orders not cancelled
//	dayholds:<store>:<day>      order ids held that store-day (for rebuilding)
//
// Scripts name every key they touch, but those of one reservation span
// users and stores: the package assumes one Redis primary (or, on a
// cluster, a prefix with a hash tag such as "{oc}:" to keep them on one
// shard, which easily takes 50,000 holds/s).
package reserve
