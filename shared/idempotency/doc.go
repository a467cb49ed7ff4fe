// Package idempotency makes a command safe to retry (contract section 6),
// after the AWS Lambda Powertools idempotency utility: the first request
// under a key leaves an in-progress record with its own lease, the hash
// of its request and a token the caller chose (place-order's order id);
// its answer is saved when it finishes and replayed to every retry with
// the same request; a retry while it runs is told so; a different request
// under the same key is refused.
//
// # Where the records live
//
// In Redis, one hash per key: <prefix>{<scope>}:<key> (the scope is the
// key's hash tag: on a cluster, a caller's records share a slot; so the
// prefix must hold no brace) with fields st
// (p in progress, d done), h (request hash), tok (the caller's token),
// lease (Unix ms until which an in-progress record belongs to its
// attempt), att (the attempt's nonce), code and body (the saved answer).
// Each step is one Lua script, so concurrent requests under one key see
// one outcome. Redis because this sits on the busiest path twice per order
// and must cost well under a millisecond; but Redis may lose a record (a
// restart without persistence, FLUSHALL, eviction, a failover to a replica
// behind), so it is the fast path, not the record: place-order keeps the
// key in the order store too, written with the order it creates
// (orderstore.CreateOnce), looks a key Redis calls new up there before
// running the command, and gives a record found there back to Redis
// (Complete). Lost here, a key that created an order is still answered
// as before; only refusals, which are saved nowhere, are computed again.
//
// # Lifecycle
//
// Begin under a key yields one of: Started (the caller runs the command),
// Resumed (an earlier attempt's lease ran out without an answer: the
// caller runs the command again with the saved token, which must lead to
// the same effect), Replay (the saved answer), InProgress and Reused.
// The attempt ends with Complete (the answer is kept for Keep, at least
// 24 h), Forget (the command did nothing: the key is free again, for
// this or another request) or Abandon (the command may have done part
// of its work: the record, token and hash stay, the lease ends at once
// so that a retry resumes without waiting).
package idempotency
