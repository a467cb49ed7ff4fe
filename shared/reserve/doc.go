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
// An order's hold spans three scopes, each kept in one hash slot of its
// own (see Keys): the hold record (the order's bucket), the user part
// (the unpaid cap, the first-order count, the coupon) and the stock
// part (the store-day's bitmaps). Hold runs one Lua script per part, all
// sent in one pipeline (one round trip; on a Redis Cluster, each node at
// once). Each part's script checks everything of its scope and then
// takes it, or takes nothing and says why (ErrOutOfStock with the sku,
// ErrCouponHeld, ErrTooManyUnpaid, ErrNotFirstOrder). Redis runs a
// node's scripts one at a time, so no race can oversell in any scope:
// however many orders compete, a store-day's counters never pass its
// limits, nor a user's its cap. When a part refuses, the parts the
// others took are given back at once (one more round trip): meanwhile
// another order may be refused units the refused order held for a
// moment, never granted more than there are; with a Store, such a
// refusal is checked against the store and tried again. Then, with a
// Store, the slots of every unit are taken at once in the store, which
// decides. A refusal of Redis that the store contradicts is set right
// and tried again, at most a few times (then ErrBehind, transient). Hold
// is idempotent on the order id, part by part: holding again for an
// order already held changes nothing, so a retry of a crashed
// place-order finishes with the same holds (and takes a part its crash
// left untaken).
//
// # Confirm and Cancel: Confirm, Release
//
// Every hold is recorded per order (the hold record, naming the user,
// the store-day, the skus and the coupon), so it is settled by order id
// alone: Confirm when the order is paid (stock stays taken, the coupon
// becomes spent, the unpaid place is freed), Release when it is
// cancelled or times out (stock and the unpaid place given back, the
// coupon given back if the order was never paid, else kept spent, the
// first-order count taken back and the waiver freed), or when
// place-order could not write the order. Each moves the hold record
// first (one script: the decision, such as whether the coupon goes
// back, is made there once), then the parts it names (one pipeline), then
// the store; when Redis no longer has the record, the parts and the
// store's part are found from the order in the store. Both are
// idempotent, and commute: the record and each part move only forward,
// held → confirmed → released, whatever order the events come in, and a
// retry (a redelivered event, the lost-event timers) does the parts and
// the store's part again, finishing a call that died half-way.
//
// # Orphans
//
// Until place-order has written the order and called Commit, the hold is
// listed as pending in its bucket, scored by when it was last touched.
// OrphanTask, run by the sweeper, takes pending holds older than a grace
// period from every bucket, the oldest first, a bounded number per run: those whose order exists are committed, the
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
// # Crashes between the parts
//
// The parts of one hold are in different slots, so a crash (or a node
// lost) can leave some taken and others not; nothing so left needs more
// than the orphan task or the store:
//
//   - a hold record without some parts: the orphan task releases it
//     past its grace, and each part's release finds nothing to give back
//     (a retry of the order takes the missing parts instead);
//   - parts without a hold record, which no orphan task lists: their
//     stock bits make Redis refuse units the store has free, which the
//     refusal's check against the store sets right; their coupon and
//     unpaid place are refusals checked against the store too (the order
//     they name is not written); the unpaid place, and the bits with the
//     store day, expire. The first-order count they raised is taken back
//     by FirstOrder once the order is past its pay deadline: when every
//     order the count stands for may be such a one, FirstOrder reads them
//     in the store and releases the user part of one never written (until
//     then, that user is priced as not first: a waiver lost for at most
//     PAY_TIMEOUT, never a second waiver);
//   - a release that moved the record but not the parts: its retry does
//     the parts again; an orphan release whose retry never comes is the
//     case above.
//
// # Keys
//
// All under the prefix (default "oc:"), which must hold no brace: each
// key's hash tag (the part in braces) names its scope, and on a Redis
// Cluster the keys of one tag share a slot. Every script and multi-key
// command touches the keys of one tag only.
//
// The order's scope, {holds:<b>}, b = FNV-1a(order id) mod 16, so the
// holds and their pending lists spread over 16 slots:
//
//	hold:{holds:<b>}:<order>        the hold record (hash): st, user, store,
//	                                day, cp coupon, fk (priced as first), at,
//	                                cb (the coupon went back), k:<sku> per
//	                                line held as stock
//	holds:pending:{holds:<b>}       order ids of the bucket's holds not yet
//	                                committed (zset, score = last touched);
//	                                OrphanTask reads every bucket
//
// The user's scope, {user:<user>} (the idempotency records, as
// "idem:{user:<user>}:<key>", and the rate limit, "rl:{user:<user>}",
// share it):
//
//	uhold:{user:<u>}:<order>        the order's user part (hash): st, at, us
//	                                its unpaid slot, lk (raised the count),
//	                                cx the coupon's expiry
//	unpaid:{user:<u>}               the user's unpaid orders (zset, score =
//	                                pay deadline; kept past it until settled)
//	unpaidslots:{user:<u>}          their unpaid slots (hash: order → slot)
//	live:{user:<u>}                 the user's count of orders not cancelled
//	coupon:{user:<u>}:<coupon>      "h:<order>" while held, "s:<order>" once spent
//
// The store-day's scope, {store:<store>:<day>}:
//
//	shold:{store:<s>:<day>}:<order>     the order's stock part (hash): st,
//	                                    s:<bitmap key> = its slots "3,7"
//	stockslots:{store:<s>:<day>}:<sku>  bitmap: bit i set while slot i of
//	                                    the sku's store-local day is held
//
// And verified:<key>, the store confirmed a refusal of key (1 s), in
// key's slot. One store-day's stock is one slot: on a cluster a hot
// store's holds all go to one node, which runs tens of thousands of
// such scripts a second.
package reserve
