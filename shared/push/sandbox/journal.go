package sandbox

import (
	"github.com/ordercenter/ordercenter/shared/sandbox/faults"
	"github.com/ordercenter/ordercenter/shared/sandbox/journal"
)

// Kinds of recorded calls.
const (
	KindPush   = "push"      // POST /push
	KindFaults = faults.Kind // POST or DELETE /faults
)

// Call is one recorded call the gateway received, and its answer. The
// gateway sets Fault ("fail" or "timeout") and Duplicate (a push whose
// Idempotency-Key was delivered before: answered again, not delivered
// again) on pushes; it never sets Direction, Signature, Replayed or Error.
type Call = journal.Call
