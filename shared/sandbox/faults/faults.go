// Package faults arms the failures a sandbox is told to commit on its next
// calls, and serves them at GET, POST and DELETE <prefix>/faults. Every
// sandbox has fail_next (answer a status, 503 by default, without carrying
// the call out) and timeout_next (carry the call out, then withhold the
// answer); a sandbox may add counters of its own, such as the payment
// sandbox's pending_next. Each counter is used up one call at a time.
package faults

import (
	"net/http"
	"sync"
	"time"
)

// Faults noted on a recorded call (journal.Call.Fault).
const (
	Fail    = "fail"
	Timeout = "timeout"
)

// Kind is the journal kind of the calls that change the faults.
const Kind = "faults"

// DefaultMaxHang is how long a timeout_next fault holds a call when the
// caller does not give up first.
const DefaultMaxHang = 30 * time.Second

// Counter is a counter of a sandbox's own: its JSON name and where it is.
type Counter struct {
	Name string
	N    *int
}

// Fields points into a sandbox's Faults struct.
type Fields struct {
	FailNext    *int
	Status      *int
	TimeoutNext *int
	// Others are the sandbox's own counters.
	Others []Counter
}

// counters lists every counter: fail_next, timeout_next, then the others.
func (f Fields) counters() []Counter {
	return append([]Counter{{Name: "fail_next", N: f.FailNext}, {Name: "timeout_next", N: f.TimeoutNext}}, f.Others...)
}

// Set is a pointer to a sandbox's Faults struct, whose JSON names are
// those of its Fields.
type Set[F any] interface {
	*F
	// Fields points into the struct.
	Fields() Fields
}

// Board holds the faults F armed on one sandbox. Make it with New; it is
// safe for concurrent use.
type Board[F any, P Set[F]] struct {
	who     string
	maxHang time.Duration
	mu      sync.Mutex
	f       F
}

// New returns a Board with nothing armed. who names the sandbox in its
// failures' messages ("the sandbox push gateway"); maxHang bounds a
// timeout_next fault, DefaultMaxHang when not positive.
func New[F any, P Set[F]](who string, maxHang time.Duration) *Board[F, P] {
	if maxHang <= 0 {
		maxHang = DefaultMaxHang
	}
	b := &Board[F, P]{who: who, maxHang: maxHang}
	b.Set(*new(F))
	return b
}

// Get returns what is armed.
func (b *Board[F, P]) Get() F {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.f
}

// Set replaces what is armed, a zero status meaning 503, and returns it.
func (b *Board[F, P]) Set(f F) F {
	b.mu.Lock()
	defer b.mu.Unlock()
	if s := P(&f).Fields().Status; *s == 0 {
		*s = http.StatusServiceUnavailable
	}
	b.f = f
	return b.f
}

// Use uses up one of the counter that counter points to in what is armed,
// reporting whether there was one.
func (b *Board[F, P]) Use(counter func(P) *int) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if n := counter(&b.f); *n > 0 {
		*n--
		return true
	}
	return false
}

// take uses up the fault of one call: Fail (with the status to answer)
// before Timeout, or "" when neither is armed.
func (b *Board[F, P]) take() (fault string, status int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	f := P(&b.f).Fields()
	switch {
	case *f.FailNext > 0:
		*f.FailNext--
		return Fail, *f.Status
	case *f.TimeoutNext > 0:
		*f.TimeoutNext--
		return Timeout, 0
	}
	return "", 0
}
