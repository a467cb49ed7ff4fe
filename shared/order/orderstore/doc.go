// Package orderstore keeps orders in a kv.Store, one copy per query
// dimension, with the master record as the truth.
//
// Every change of an order is one conditional write on its master record
// (guarded by version). Around it:
//
//  1. a sync intent naming the change, its write id and its content (the
//     timeline entry and events) is written to one of the sync shards;
//  2. the master is written with the new version, remembering the write id
//     of each recent version;
//  3. the copies (per user, per store and day), the timeline entry and the
//     events are derived from the change, idempotently: copies only move
//     forward in version, timeline entries are keyed by version;
//  4. the intent is deleted.
//
// A crash between any two steps leaves the intent behind; Heal finds it,
// checks against the master whether its change committed (the write id of
// that version matches) and either finishes steps 3 and 4 or drops it. This
// portable path uses only single-item conditional writes, so it runs on
// every DynamoDB-compatible store, transactions or not.
//
// When the store offers transactions (kv.TransactorOf), steps 1 to 3 are
// one transaction instead, and only the intent's deletion follows it (after
// the events are published): two store round trips instead of four. A
// failed master condition means what it means on the portable path; a
// change the transaction cannot take (a copy's condition failing, too many
// writes) takes the portable path. The intent still stays until the events
// are out, so Heal treats changes of either path alike.
//
// # Idempotency keys
//
// Place-order's Idempotency-Key is recorded beside the order it creates
// (CreateOnce): a key record per user and key holding the request's hash,
// the order id and the first answer (status and body, computed from the
// order's record at version 1 before anything is written), expiring after
// KeyTTL. Redis keeps the same in front of it as the fast path; the key
// record is what still answers when Redis has forgotten. The aim: "the
// order exists" and "the key is answered" never disagree.
//
// On the transactional path the key record (IfAbsent) is one more write of
// the create's transaction: both are there or neither.
//
// On the portable path the key record is the create's first write, before
// the sync intent. The writes then go key record, intent, master, derived
// items, intent deletion, and a crash after any of them leaves:
//
//   - nothing, or the key record alone, or the key record and the intent:
//     the master was never written, so the order was never answered (an
//     answer follows the master write) and never will be by this attempt;
//     the healer drops the intent once DefaultHealAge old, as for any
//     create. The key record names the order id; LookupKey calls it
//     KeyWriting while younger than DefaultHealAge (its writer may still
//     run: a repeat is told to wait) and KeyAbandoned after (its writer is
//     dead, by the same bound the healer relies on). The retry creates the
//     order again under the same id and CreateOnce writes over the
//     abandoned record on condition of its version, so of racing retries
//     one takes it and the others find it KeyWriting. A retry that is
//     refused instead removes the record (ForgetKey), as any refusal
//     leaves the key free; one that never comes lets it expire.
//   - the master, with or without its derived items: the order is
//     committed and its key answered; the healer finishes the copies and
//     events from the intent, as for any create, or a repeat does at once
//     (FinishOrder).
//
// Writing the key record last instead would leave, after a crash, an order
// whose key is not answered: a repeat after Redis forgot would create a
// second order. Writing it first leaves at worst a key answered by no
// order, which the rule above resumes and never replays (LookupKey reports
// KeyAnswered only once the master is read).
//
// Either way a create that finds the key record already there reads it:
// the record of another order is ErrKeyTaken (two attempts raced after
// Redis forgot; the loser has written nothing); this order's own record
// with the order stored is an earlier attempt's, whose answer is returned;
// with the order not stored, KeyWriting or KeyAbandoned as above. Order
// ids are still made by order.NewID (time-ordered), never derived from the
// key: the key record, not the id, makes the create happen once.
//
// Every key of the table is built in keys.go, and only here: the refund
// index (RefundIndex) and the payment ledger (PaymentLedger) live in
// this package beside the orders. The item layout is documented in
// docs/store-layout.md.
package orderstore
