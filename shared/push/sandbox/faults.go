package sandbox

import "github.com/ordercenter/ordercenter/shared/sandbox/faults"

// Faults is what the gateway is told to get wrong on its next push calls.
// Each counter is used up one call at a time.
type Faults struct {
	// FailNext push calls answer Status without delivering.
	FailNext int `json:"fail_next"`
	// Status is what failing calls answer, 400 to 599; default 503.
	Status int `json:"status"`
	// TimeoutNext push calls are delivered, then hang until the caller
	// gives up (or Config.MaxHang passes, then answer 504).
	TimeoutNext int `json:"timeout_next"`
}

// Fields lets the faults package reach the counters.
func (f *Faults) Fields() faults.Fields {
	return faults.Fields{FailNext: &f.FailNext, Status: &f.Status, TimeoutNext: &f.TimeoutNext}
}
