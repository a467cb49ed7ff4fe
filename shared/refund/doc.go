// Package refund carries refunds out exactly once at the payment
// provider, however often things fail (contract sections 8 and 13).
//
// A refund lives on its order's master record (see order.RequestRefund):
// the master's version guard keeps the sum of succeeded and pending
// refunds within what was paid under any race. Around it the Service
// keeps two kinds of index items in the same store, through its Index
// (orderstore.RefundIndex, which owns their keys):
//
//   - the refund id claim, refund#<refund_id>, written IfAbsent before the
//     refund is recorded: it finds the order of a refund id, and refuses
//     the same id on another order;
//   - the pending item, in one of a few due partitions, written before the
//     refund is recorded and deleted once it settles: it holds the live
//     attempt count and when the next attempt is due, and is how the
//     sweeper finds the refunds whose retry was lost, without a scan.
//
// Service.Execute makes one attempt: it claims the pending item (a lease,
// so that only one caller at a time asks the provider), calls the provider
// with the refund id as Idempotency-Key, and settles the outcome:
// succeeded or permanently refused completes the refund on the master;
// pending waits for the provider's webhook; a transient failure schedules
// the next attempt (Config.Schedule) until the budget is spent and the
// refund FAILED. The retries travel through JetStream (the refund
// function's durable consumer of refund.requested answers "retry after"),
// and ResumeTask, run by the sweeper, resumes what JetStream lost.
package refund
