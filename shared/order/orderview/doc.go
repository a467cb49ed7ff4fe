// Package orderview is the read model of one order for the people who
// support it: the master record, whether the copies the lists read agree
// with it, the timeline, the changes still being derived, the refunds
// (with when a pending one is tried next), the payment ledger (every
// notification, query result, payment return and refund attempt, with
// what came of it), the holds in Redis and the store, and the business
// timer, built in one place (Build) for every tool that shows an order:
// ocadmin order show (text and --json) today, the support console later.
//
// A View holds the delivery phone number in full; Masked hides it
// (order.MaskPhone). Whoever shows it unmasked records that on the
// order's timeline first (order.RecordPhoneReveal).
package orderview
