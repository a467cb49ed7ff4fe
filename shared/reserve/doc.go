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
// The unpaid cap (Config.MaxUnpaid) is MaxUnpaid slots per user: an
// order takes one with its hold, the slot number Redis hands out being
// the lowest that no hold of the user's other unpaid orders names. The
// slot expires at the order's pay deadline (an order unpaid past it is
// cancelled by the timer anyway) and is freed by Confirm (paid) and
// Release (cancelled). A Redis refusal is checked against the store: the
// orders Redis counts that hold no slot and whose master does not await
// payment (paid or cancelled since, or never written) leave Redis's
// count, and the hold is tried again. An order awaiting payment that
// was placed before the slots holds none and still counts in Redis, but
// not in the store: after a flush, such orders may let a user pass the
// cap until their pay deadline.
//
// The first-order waiver is slot 0 of the user's waiver, never
// expiring: an order priced as the user's first (Standing Claim) must
// take it, or it is refused as not first (ErrNotFirstOrder; a store that
// cannot answer refuses it the same way, and place-order prices it again
// without the waiver). Release frees it when the order is cancelled or
// was never written, not when a full refund releases the stock of an
// order that stays. When the waiver turns out to be another order's that
// is written and live, the first-order count in Redis had missed it, and
// the count the refused hold raised is kept for it. Orders that were not
// priced as first take no waiver slot, so the decision to price an order
// as first still reads the user's orders in the store when Redis has no
// count (FirstOrder): a user who ordered before the slots, or whose
// first order was not waived, gets no waiver after a flush. A flush
// between FirstOrder and Hold costs that order its waiver (the hold
// finds no count and refuses), never a second waiver.
//
// # Try: Hold
//
// Hold runs one Lua script that checks everything and then takes
// everything, or takes nothing and says why (ErrOutOfStock with the sku,
// ErrCouponHeld, ErrTooManyUnpaid, ErrNotFirstOrder). Redis runs scripts
// one at a time, so no race can oversell: however many orders compete,
// the counters never pass the limits. Then, with a Store, the slots of
// every unit are taken at once in the store, which decides. A refusal of
// Redis that the store contradicts is set right and tried again, at most
// a few times (then ErrBehind, transient). Hold is idempotent on the order id:
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
// first-order count taken back and the waiver freed), or when
// place-order could not write the order; when Redis no longer has the
// hold, the store's part is found from the order in the store. Both are
// idempotent, and commute: a hold moves only forward,
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
// from the user's orders in the store (see rebuild_user.go); the rebuilt
// unpaid orders name no slot, so the next hold's slot hint may be taken
// and cost a read of the user's unpaid slots. Stock, coupons, the unpaid
// cap and the waiver need no rebuild to be safe: their slots are in the
// store.
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
//	                            key and expiry, uk unpaid key, us its unpaid
//	                            slot, lk standing key, fk (priced as first:
//	                            took the waiver), at, cb (the coupon went back)
//	holds:pending               order ids of holds not yet committed (zset)
//	unpaid:<user>               the user's unpaid orders (zset, score = pay deadline)
//	live:<user>                 the user's count of orders not cancelled
//
// Scripts name every key they touch, but those of one reservation span
// users and stores: the package assumes one Redis primary (or, on a
// cluster, a prefix with a hash tag such as "{oc}:" to keep them on one
// shard, which easily takes 50,000 holds/s).
package reserve
