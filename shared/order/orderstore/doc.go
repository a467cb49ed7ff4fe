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
// Every key of the table is built in keys.go, and only here: the refund
// index (RefundIndex) and the payment notices (PaymentNotices) live in
// this package beside the orders. The item layout is documented in
// docs/store-layout.md.
package orderstore
