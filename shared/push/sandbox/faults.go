package sandbox

import (
	"context"
	"net/http"
	"sync"
	"time"
)

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

// faultUpdate is the body of POST /faults: what it names is set, what it
// leaves out stays as it is.
type faultUpdate struct {
	FailNext    *int `json:"fail_next"`
	Status      *int `json:"status"`
	TimeoutNext *int `json:"timeout_next"`
}

// Faults of one push call, as taken by faultState.take.
const (
	faultFail    = "fail"
	faultTimeout = "timeout"
)

// faultState holds the armed faults.
type faultState struct {
	mu sync.Mutex
	f  Faults
}

// get returns what is armed.
func (s *faultState) get() Faults {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.f
}

// set replaces what is armed, defaulting Status, and returns it.
func (s *faultState) set(f Faults) Faults {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f.Status == 0 {
		f.Status = http.StatusServiceUnavailable
	}
	s.f = f
	return s.f
}

// update applies u to what is armed and returns the result.
func (s *faultState) update(u faultUpdate) Faults {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range []struct{ dst, src *int }{{&s.f.FailNext, u.FailNext}, {&s.f.Status, u.Status},
		{&s.f.TimeoutNext, u.TimeoutNext}} {
		if c.src != nil {
			*c.dst = *c.src
		}
	}
	return s.f
}

// take uses up the fault of one push call: faultFail (with the status to
// answer) before faultTimeout, or "" when neither is armed.
func (s *faultState) take() (fault string, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.f.FailNext > 0:
		s.f.FailNext--
		return faultFail, s.f.Status
	case s.f.TimeoutNext > 0:
		s.f.TimeoutNext--
		return faultTimeout, 0
	}
	return "", 0
}

// validate lists what is wrong with an update.
func (u faultUpdate) validate() problems {
	var ps problems
	if u.FailNext != nil && (*u.FailNext < 0 || *u.FailNext > 1_000_000) {
		ps.add("fail_next", "must be 0 to 1000000")
	}
	if u.TimeoutNext != nil && (*u.TimeoutNext < 0 || *u.TimeoutNext > 1_000_000) {
		ps.add("timeout_next", "must be 0 to 1000000")
	}
	if u.Status != nil && (*u.Status < 400 || *u.Status > 599) {
		ps.add("status", "must be 400 to 599")
	}
	return ps
}

// hang waits until ctx ends or max passes; it reports whether ctx ended.
func hang(ctx context.Context, max time.Duration) bool {
	t := time.NewTimer(max)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return true
	case <-t.C:
		return false
	}
}
