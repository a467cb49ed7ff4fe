// Package journal records the calls a sandbox receives and sends, with
// their bodies and answers, keeping the last few for tests and people to
// read back at GET <prefix>/calls and forget at DELETE <prefix>/calls.
package journal

import (
	"encoding/json"
	"time"
)

// Directions of recorded calls.
const (
	Received = "received" // a call the sandbox answered
	Sent     = "sent"     // a call the sandbox made, such as a webhook
)

// Call is one recorded call: a request a sandbox received and its answer,
// or a request it sent and the answer it got. What a sandbox does not use
// stays empty and is left out of the JSON.
type Call struct {
	// Seq numbers calls in the order recorded, from 1, across clears.
	Seq int64 `json:"seq"`
	// At is when the call started.
	At time.Time `json:"at"`
	// Kind is what the call was, in the sandbox's words ("refund", "push").
	Kind string `json:"kind"`
	// Direction is Received or Sent; empty in a journal that does not
	// tell them apart (Config.Directions unset).
	Direction string `json:"direction,omitempty"`
	Method    string `json:"method"`
	// Path is the request's path and query, or the URL a sent call went to.
	Path           string `json:"path"`
	IdempotencyKey string `json:"idempotency_key,omitempty"`
	// Signature is the signature header a sent call carried, such as a
	// webhook's Pay-Signature.
	Signature string          `json:"signature,omitempty"`
	Body      json.RawMessage `json:"body,omitempty"`
	// Status is the answer's status; 0 when there was none (the caller
	// gave up on a hung call, or a sent call got no answer).
	Status   int             `json:"status"`
	Response json.RawMessage `json:"response,omitempty"`
	// Fault is the fault that shaped the answer: "fail", "timeout", or
	// one of the sandbox's own, such as "pending".
	Fault string `json:"fault,omitempty"`
	// Replayed is set when an idempotent replay answered the call.
	Replayed bool `json:"replayed,omitempty"`
	// Duplicate is set on a call whose Idempotency-Key was carried out
	// before, so that it was answered again and not carried out again: the
	// push gateway's word for Replayed.
	Duplicate bool `json:"duplicate,omitempty"`
	// Error says why a sent call got no answer.
	Error string `json:"error,omitempty"`
}

// RawJSON returns b as it is when it is JSON, else as a JSON string, so
// that any body can sit inside a recorded call.
func RawJSON(b []byte) json.RawMessage {
	if len(b) == 0 {
		return nil
	}
	if json.Valid(b) {
		return json.RawMessage(b)
	}
	s, _ := json.Marshal(string(b))
	return s
}
