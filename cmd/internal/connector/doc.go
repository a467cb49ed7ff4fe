// Package connector delivers the order center's events to the functions
// that subscribe to them and triggers its scheduled functions, the same
// code in the local runner (cmd/ordercenter, functions called in-process)
// and deployed (cmd/connector, functions called through the OpenFaaS
// gateway).
//
// Subscriptions come from the functions' annotations, read from a stack
// file (ReadStack) or from the gateway's function list (Discover): `topic`
// lists subjects, comma-separated, NATS wildcards allowed; `topic:
// cron-function` with `schedule` (cron, five fields) makes a scheduled
// function.
//
// Events (subjects under orders.events.) are read at least once: each
// function has its own durable JetStream pull consumer over the events
// stream (events.NewConsumer, named after the function, filtered on its
// subjects) handling up to Options.InFlight messages at once, so a slow
// function holds only its own deliveries (a bulkhead). The function's
// answer settles each message (events.FromStatus): 2xx acks; 429, 5xx, a
// timeout or a refused connection naks it with the next delay of the
// back-off schedule, at least what Retry-After asks; any other status, or
// the last delivery failing, dead-letters it on orders.dlq.<function>
// with the reason, subject and delivery count. Other subjects are read
// from core NATS in a queue group, at most once, as the stock connector
// reads them. The call carries the message as its body, the subject in
// X-Topic and every NATS header as an HTTP header: the event's proof of
// origin (Oc-Origin), its trace context (traceparent) and its id
// (Nats-Msg-Id).
//
// Scheduled calls (Scheduler) carry an empty body signed with the order
// center's key (origin.Header), which the stock cron-connector cannot
// give; a run still going when the next is due is skipped.
//
// The OpenFaaS connector-sdk (github.com/openfaas/connector-sdk v0.7.1)
// is the model, kept where it fits: the `topic` annotation split on
// commas, the call POST $GATEWAY_URL/function/<name> with X-Topic and
// X-Connector, its gateway client's settings (GatewayClient), and the
// gateway's own types (faas-provider's FunctionStatus, basic auth read
// from basic-auth-user and basic-auth-password). Its code is not
// imported: its invoker is fire and forget (answers go to a channel,
// nothing is acknowledged), its topic map matches subjects exactly (no
// wildcards), its function lookup has no deadline and reads no `schedule`,
// and its types package needs faas-provider/sdk, which the faas-provider
// this module builds with (v0.25, through go-sdk) no longer has. The
// invoker that acknowledges on 2xx is this package's own.
package connector
