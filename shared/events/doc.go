// Package events hands the order center's events on through NATS
// JetStream (contract section 11): the publisher the order repository calls
// after each committed change, the streams and consumers they flow through
// (created idempotently by Setup, from `ocadmin create-streams` and the
// local runner), and the consumer loop every queue-triggered function shares
// (explicit acknowledgement, growing retry delays, terminal failures and a
// dead-letter subject), and the check every consumer makes before it acts
// on an event (Claims: the order's master record must hold it).
//
// Subjects: orders.events.<type> for events, orders.dlq.<consumer> for what
// a consumer gave up on. Every event message carries Nats-Msg-Id = event_id,
// so the stream drops a republished event inside its duplicate window, and
// the W3C trace context of the change that made it.
package events
