// Package dayreport is the daily reconciliation of payments (issue 17,
// `ocadmin reconcile --day`): it compares the payment provider's ledger of
// a UTC day (provider.Client.Ledger, GET /ledger?day=) with the orders and
// refunds the order center recorded, and lists every difference once.
//
// The orders compared are those the provider's ledger names and those the
// order center moved money for that day (the store's day index of the
// payment ledger, orderstore's OrdersOfDay). Payments and refunds are
// matched by identity (txn id, refund id), never by day alone: a payment
// the provider took at 23:59:59 and the order center applied at 00:00:01
// is no difference. When one side has something on the day that the other
// side's ledger of the day lacks, the provider is asked about that one
// payment or refund before it is called a difference, so a neighbour
// day's entry is not listed.
//
// The kinds of difference (Kind):
//
//   - paid_at_provider_not_here: a payment succeeded at the provider that
//     no order knows (neither as its payment nor as a payment it returned);
//   - paid_here_not_at_provider: an order paid by a txn the provider does
//     not have as succeeded;
//   - payment_amount_differs: the same txn, another amount;
//   - refund_at_provider_not_here: a refund at the provider that no order
//     holds;
//   - refund_here_not_at_provider: an order's refund (not failed) that the
//     provider does not know (404);
//   - refund_amount_differs: the same refund id, another amount;
//   - refund_status_differs: the same refund ended succeeded on one side
//     and failed on the other (a pending one is still settling, see
//     shared/refund's reconciliation, and is no difference yet).
package dayreport
