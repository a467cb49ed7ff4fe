// Package sandbox is a payment provider for the local runner and the
// end-to-end tests: it takes refunds as a real provider's refund API does
// (contract sections 8 and 13), sends signed payment and refund webhooks
// to pay-callback (contract section 7), records everything it receives and
// sends, and can be told to misbehave. It has no authentication: it is for
// the local runner and tests, never to be exposed.
//
// A Provider is an http.Handler. Its routes lie below Config.Prefix, which
// is the path it is mounted at ("/sandbox/payments" in the runner, so that
// PAYMENT_PROVIDER_URL is http://<addr>/sandbox/payments); with an empty
// Prefix they lie at the root, for mounting with http.StripPrefix. The
// routes:
//
//	POST   <prefix>/refunds                      refund API (Idempotency-Key)
//	GET    <prefix>/refunds/<refund_id>          the refund as it stands now
//	GET    <prefix>/payments?order_id=<id>       the order's payments, oldest first
//	GET    <prefix>/ledger?day=YYYY-MM-DD        the day's payments and refunds ([&limit=N][&cursor=C])
//	POST   <prefix>/refunds/<refund_id>/complete {"outcome": "succeeded"|"failed"}
//	POST   <prefix>/pay                          {"order_id", "amount", "currency"?, "type"?, "txn_id"?, "event_id"?}
//	POST   <prefix>/redeliver/<event_id>         send a sent event again
//	GET    <prefix>/calls[?kind=refund]          what was received and sent, oldest first
//	DELETE <prefix>/calls                        forget it
//	GET    <prefix>/faults                       what is armed
//	POST   <prefix>/faults                       {"fail_next", "status", "timeout_next", "pending_next",
//	                                              "drop_webhooks_next", "delay_webhooks_next", "webhook_delay_ms"}
//	DELETE <prefix>/faults                       disarm everything
//
// Refunds are idempotent on the Idempotency-Key header: the same key again
// answers the first answer (with Idempotent-Replayed: true) and never makes
// a second refund; the same key with another body answers 422
// idempotency_key_reused; a refund_id already refunded under another key
// answers 409 conflict. A refund answered "pending" stays so until
// completed, which sends its refund.succeeded or refund.failed webhook.
//
// Faults apply to refund calls. fail_next answers the given status (503 by
// default) without refunding, as a provider shedding load does.
// timeout_next carries the refund out and then gives no answer until the
// caller gives up (or Config.MaxHang passes, then 504): the answer is lost,
// and only the caller's retry under the same key tells it what happened.
// pending_next makes the next new refunds answer "pending".
// drop_webhooks_next and delay_webhooks_next apply to webhooks: a dropped
// one is never sent (its event stays known to redeliver), a delayed one
// goes webhook_delay_ms later; the call that caused it answers at once,
// with "withheld": "dropped" or "delayed".
//
// The queries answer what a real provider's do: every payment taken for
// an order (txn_id, amount, currency, status succeeded or failed,
// occurred_at), whether or not its webhook arrived, and a refund's status
// now (404 for a refund id never taken). The order center reconciles
// with them when a webhook does not come. The ledger is the provider's
// statement of a UTC day: every payment that occurred and every refund
// taken that day (with the order of its txn and its status now), oldest
// first, in pages of at most 200 (default 50) continued by next_cursor;
// ocadmin reconcile compares it with the orders.
//
// Pay, Redeliver and CompleteRefund send webhooks to Config.WebhookURL
// signed with the signature package; over HTTP they answer the webhook's
// status and {"event", "webhook": {"status", "body"}}.
//
// It records every call it receives, except reads (GET) and DELETE
// /calls, and every webhook it sends, with bodies and answers; the last
// Config.MaxCalls are kept. All state is in memory and safe for concurrent
// use; nothing survives the process.
package sandbox
