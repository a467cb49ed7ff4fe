// Package reserve holds what an order takes before it is written
// (contract section 13), the Try/Confirm/Cancel way: units of
// limited-stock items (daily_limit per sku per store-local day), the
// coupon, a place among the user's unpaid orders (MAX_UNPAID_ORDERS), and
// the order's count in the user's first-order standing.
//
// # Redis allocates, the store decides
//
// Redis is the fast path; it may forget (FLUSHALL, eviction, a restart,
// a failover to a replica that lacks the last writes). So each unit of
// limited stock is also a slot item in the store (Config.Store, the
// order repository): a sku's stock of a store-day is daily_limit slots,
// and an order takes a unit by a put of slot i, conditional on it being
// free, with itself as owner. Redis keeps a bitmap per store-day and sku
// and hands out the slot numbers to try. When a put finds the slot taken
// (Redis lost it), the taker reads the sku's slots (at most daily_limit
// items: the store's truth, orders not yet written included), tells
// Redis what it read, and takes free ones; when none is free the order
// is refused (ErrOutOfStock). When Redis refuses but is behind the store
// (an older replica remembers units given back since), the refusal is
// checked against the store, Redis set right and the hold tried again;
// a confirmed refusal is trusted for a second. So however Redis forgets,
// never more than daily_limit orders hold a unit; the cost of a loss is
// a few reads of the store. Slots are taken before the order is written
// and expire after Keep (past the store-local day in any timezone).
//
// A coupon is one slot (slot 0 of the user's coupon), taken the same way
// and kept when the order is paid (spent) until the coupon expires; it
// is given back (deleted) only when the order is cancelled unpaid. A
// Redis refusal of a coupon is checked against the store: the coupon is
// freed in Redis when the store has it free and the order Redis names is
// not written, or was cancelled unpaid.
//
// Not yet in the store: the unpaid cap and the first-order standing are
// Redis only (a flush can let a user pass MAX_UNPAID_ORDERS or waive the
// delivery fee of a second order).
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
// others released (their slots too), on condition that no retry touched
// them meanwhile. If Redis lost the pending hold as well, its slots carry
// the deadline its order had to exist by (taken + Grace): a taker that
// finds the sku full reads past that deadline, checks that no order has
// the owner's id and takes the slot over; at the latest, the slot
// expires with the store day. A release of an order whose hold Redis
// forgot finds the order's slots from the order's lines in the store.
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
// RebuildUser sets a user's standing, coupons and unpaid orders again
// from the user's orders in the store (see rebuild_user.go). Stock needs
// no rebuild: its slots are in the store.
//
// # Keys
//
// All under the prefix (default "oc:"):
//
//	stockslots:<store>:<day>:<sku>  bitmap: bit i set while slot i of the
//	                            sku's store-local day is held
//	verified:<key>              the store confirmed a refusal of key (1 s)
//	coupon:<user>:<coupon>      "h:<order>" while held, "s:<order>" once spent
//	hold:<order>                the hold record (hash): st, user, store, day,
//	                            s:<stock key> = its slots "3,7", ck/cx coupon
//	                            key and expiry, uk unpaid key, lk standing
//	                            key, at, cb (the coupon went back)
//	holds:pending               order ids of holds not yet committed (zset)
//	unpaid:<user>               the user's unpaid orders (zset, score = pay deadline)
//	live:<user>                 the user's count of orders not cancelled
//
// Scripts name every key they touch, but those of one reservation span
// users and stores: the package assumes one Redis primary (or, on a
// cluster, a prefix with a hash tag such as "{oc}:" to keep them on one
// shard, which easily takes 50,000 holds/s).
package reserve
