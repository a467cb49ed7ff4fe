// Package ratelimit enforces the order center's abuse limits (contract
// section 2: RATE_LIMIT_PER_USER, RATE_LIMIT_PER_ADDRESS) in Redis, so
// every instance of a function shares them.
//
// A Limit is "<count>/<duration>" ("30/1m"; "0" turns it off). It is
// enforced with GCRA, the generic cell rate algorithm: one key per
// subject holding its theoretical arrival time, so a subject may spend
// its whole count at once and then one more every duration/count, with
// no window edge at which twice the count gets through. Several limits
// (the user's and the address's) are checked in one Lua script, all or
// nothing: a request refused by one limit spends nothing of the others.
// A refusal tells how long until the request would pass (Retry-After).
//
// Keys: <prefix><name>:<subject>, for example oc:rl:user:u-1, each
// expiring once its subject is back to a full allowance.
//
// ClientAddress picks the address to limit from X-Forwarded-For: the
// right-most entry (or the one trustedHops further left), because that is
// the one the gateway appended from the connection it saw; entries to its
// left come from the client and can be forged to dodge the limit.
package ratelimit
