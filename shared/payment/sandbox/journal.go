package sandbox

import (
	"github.com/ordercenter/ordercenter/shared/sandbox/faults"
	"github.com/ordercenter/ordercenter/shared/sandbox/journal"
)

// Kinds of recorded calls.
const (
	KindRefund    = "refund"    // POST /refunds received
	KindComplete  = "complete"  // POST /refunds/<id>/complete received
	KindPay       = "pay"       // POST /pay received
	KindRedeliver = "redeliver" // POST /redeliver/<id> received
	KindFaults    = faults.Kind // /faults received
	KindWebhook   = "webhook"   // a webhook sent to Config.WebhookURL
)

// Directions of recorded calls.
const (
	Received = journal.Received // a call the provider answered
	Sent     = journal.Sent     // a webhook the provider sent
)

// Call is one recorded call: a request the provider received and its
// answer, or a webhook it sent and the answer it got. The provider sets
// Direction always, Signature on webhooks, Fault ("fail", "timeout" or
// "pending") and Replayed on refunds, and Error on a webhook that got no
// answer; it never sets Duplicate.
type Call = journal.Call
