package sandbox

import (
	"encoding/json"
	"slices"
	"sync"
	"time"
)

// Kinds of recorded calls.
const (
	KindPush   = "push"   // POST /push
	KindFaults = "faults" // POST or DELETE /faults
)

// Call is one recorded call the gateway received, and its answer.
type Call struct {
	// Seq numbers calls in the order recorded, from 1, across clears.
	Seq int64 `json:"seq"`
	// At is when the call started.
	At     time.Time `json:"at"`
	Kind   string    `json:"kind"`
	Method string    `json:"method"`
	// Path is the request's path and query.
	Path           string          `json:"path"`
	IdempotencyKey string          `json:"idempotency_key,omitempty"`
	Body           json.RawMessage `json:"body,omitempty"`
	// Status is the answer's status; 0 when there was none (the caller
	// gave up on a hung call).
	Status   int             `json:"status"`
	Response json.RawMessage `json:"response,omitempty"`
	// Fault is the fault that shaped the answer: "fail" or "timeout".
	Fault string `json:"fault,omitempty"`
	// Duplicate is set on a push whose Idempotency-Key was delivered
	// before: it was answered again, not delivered again.
	Duplicate bool `json:"duplicate,omitempty"`
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

// list returns the calls, oldest first.
func (j *journal) list() []Call {
	j.mu.Lock()
	defer j.mu.Unlock()
	return slices.Clone(j.calls)
}

// clear forgets every call; numbering goes on.
func (j *journal) clear() {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.calls = nil
}
