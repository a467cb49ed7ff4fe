// Package sandbox is a push gateway for the local runner and the
// end-to-end tests: it takes pushes as the real gateway's API does
// (contract sections 12 and 13), keeps what it delivered for reading back,
// records every call, and can be told to misbehave. It has no
// authentication: it is for the local runner and tests, never to be
// exposed.
//
// A Gateway is an http.Handler. Its routes lie below Config.Prefix, which
// is the path it is mounted at ("/sandbox/push" in the runner, so that
// PUSH_GATEWAY_URL is http://<addr>/sandbox/push); with an empty Prefix
// they lie at the root, for mounting with http.StripPrefix. The routes:
//
//	POST   <prefix>/push                  a push (Idempotency-Key)
//	GET    <prefix>/notifications         pushes delivered, oldest first;
//	                                      ?recipient=<kind>:<id> and ?order_id= filter
//	GET    <prefix>/calls[?kind=push]     calls received, oldest first
//	DELETE <prefix>/calls                 forget them
//	GET    <prefix>/faults                what is armed
//	POST   <prefix>/faults                {"fail_next", "status", "timeout_next"}
//	DELETE <prefix>/faults                disarm everything
//
// A push is delivered once per Idempotency-Key: the same key with the same
// body again answers the first answer (202, with Idempotent-Replayed:
// true), is recorded as a duplicate and counted on the notification, and
// is not delivered again; the same key with another body answers 422
// idempotency_key_reused; a notification_id already delivered under
// another key answers 409 conflict.
//
// Faults apply to push calls. fail_next answers the given status (503 by
// default) without delivering; timeout_next delivers, then gives no answer
// until the caller gives up (or Config.MaxHang passes, then 504), so that
// only the caller's retry tells it the push went out.
//
// It records every call it receives, except reads (GET) and DELETE
// /calls, with bodies and answers; the last Config.MaxCalls are kept.
// Delivered notifications are all kept, since they carry the idempotency
// of pushes. All state is in memory and safe for concurrent use; nothing
// survives the process.
package sandbox
