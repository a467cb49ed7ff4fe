// Package ratelimit enforces the order center's abuse limits (contract
// section 2: RATE_LIMIT_PER_USER, RATE_LIMIT_PER_ADDRESS) in Redis, so
// every instance of a function shares them.
//
// A Limit is "<count>/<duration>" ("30/1m"; "0" turns it off). It is
// enforced with GCRA, the generic cell rate algorithm: one key per
// subject holding its theoretical arrival time, so a subject may spend
// its whole count at once and then one more every duration/count, with
// no window edge at which twice the count gets through. A refusal tells
// how long until the request would pass (Retry-After).
//
// Keys: <prefix>{<name>:<subject>}, for example oc:rl:{user:u-1}, each
// expiring once its subject is back to a full allowance. The braces are
// the key's hash tag: on a Redis Cluster the limits of different
// subjects live in different slots (a user's in the slot of the user's
// other keys, {user:<id>}), so the prefix must hold no brace.
//
// Several limits (the user's and the address's) are all or nothing: a
// request refused by one limit spends nothing of the others. Since they
// live in different slots, no one script can check them all; each is
// checked and spent by a script of its own in its own slot, all in one
// pipeline (one round trip; on a cluster, the nodes at once), and when
// one refuses, what the others spent is given back right after. The
// window is small and honest: between the spend and the give-back (one
// round trip), a request of the same subject may be refused for an
// allowance the refused request held for a moment. A request is never
// let through past its limits, and a give-back that fails (Redis
// unreachable in between) costs its subject one request of its
// allowance, never more.
//
// ClientAddress picks the address to limit from X-Forwarded-For: the
// right-most entry (or the one trustedHops further left), because that is
// the one the gateway appended from the connection it saw; entries to its
// left come from the client and can be forged to dodge the limit.
package ratelimit
