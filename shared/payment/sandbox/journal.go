package sandbox

import (
	"encoding/json"
	"slices"
	"sync"
	"time"
)

// Kinds of recorded calls.
const (
	KindRefund    = "refund"    // POST /refunds received
	KindComplete  = "complete"  // POST /refunds/<id>/complete received
	KindPay       = "pay"       // POST /pay received
	KindRedeliver = "redeliver" // POST /redeliver/<id> received
	KindFaults    = "faults"    // /faults received
	KindWebhook   = "webhook"   // a webhook sent to Config.WebhookURL
)

// Directions of recorded calls.
const (
	Received = "received" // a call the provider answered
	Sent     = "sent"     // a webhook the provider sent
)

// Call is one recorded call: a request the provider received and its
// answer, or a webhook it sent and the answer it got.
type Call struct {
	// Seq numbers calls in the order recorded, from 1, across clears.
	Seq int64 `json:"seq"`
	// At is when the call started.
	At        time.Time `json:"at"`
	Kind      string    `json:"kind"`
	Direction string    `json:"direction"`
	Method    string    `json:"method"`
	// Path is the request's path and query, or the webhook's URL.
	Path           string `json:"path"`
	IdempotencyKey string `json:"idempotency_key,omitempty"`
	// Signature is the Pay-Signature header of a webhook.
	Signature string          `json:"signature,omitempty"`
	Body      json.RawMessage `json:"body,omitempty"`
	// Status is the answer's status; 0 when there was none (the caller
	// gave up on a hung call, or the webhook got no answer).
	Status   int             `json:"status"`
	Response json.RawMessage `json:"response,omitempty"`
	// Fault is the fault that shaped the answer: "fail", "timeout" or
	// "pending".
	Fault string `json:"fault,omitempty"`
	// Replayed is set when an idempotent replay answered the call.
	Replayed bool `json:"replayed,omitempty"`
	// Error says why a webhook got no answer.
	Error string `json:"error,omitempty"`
}

// journal keeps the last max calls.
type journal struct {
	mu    sync.Mutex
	max   int
	seq   int64
	calls []Call
}

// add records c, numbering it.
func (j *journal) add(c Call) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.seq++
	c.Seq = j.seq
	j.calls = append(j.calls, c)
	if len(j.calls) > j.max {
		j.calls = j.calls[len(j.calls)-j.max:]
	}
}

// list returns the calls of kind (all when empty), oldest first.
func (j *journal) list(kind string) []Call {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := make([]Call, 0, len(j.calls))
	for _, c := range j.calls {
		if kind == "" || c.Kind == kind {
			out = append(out, c)
		}
	}
	return slices.Clip(out)
}

// clear forgets every call; numbering goes on.
func (j *journal) clear() {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.calls = nil
}
