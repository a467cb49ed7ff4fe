package breaker

import (
	"sync"
	"weak"

	"github.com/sony/gobreaker/v2"
)

// State is where a breaker stands, in the order of its severity.
type State int

// The states of a breaker (ordercenter.breaker.state reports these
// numbers).
const (
	Closed   State = 0
	HalfOpen State = 1
	Open     State = 2
)

// State returns where the breaker stands now.
func (b *Breaker) State() State {
	switch b.cb.State() {
	case gobreaker.StateOpen:
		return Open
	case gobreaker.StateHalfOpen:
		return HalfOpen
	}
	return Closed
}

// live are the breakers of the process, held weakly: the dependency's
// clients own them, and a breaker no client keeps is gone from States.
var live struct {
	mu       sync.Mutex
	breakers []weak.Pointer[Breaker]
}

// track adds b to the breakers States reports.
func track(b *Breaker) {
	live.mu.Lock()
	defer live.mu.Unlock()
	live.breakers = append(live.breakers, weak.Make(b))
}

// States returns the state of every dependency with a breaker in the
// process: the most severe of its breakers' when several guard it (each
// Deps of a process builds its own clients).
func States() map[string]State {
	live.mu.Lock()
	defer live.mu.Unlock()
	out := map[string]State{}
	kept := live.breakers[:0]
	for _, p := range live.breakers {
		b := p.Value()
		if b == nil {
			continue
		}
		kept = append(kept, p)
		if s := b.State(); s >= out[b.name] {
			out[b.name] = s
		}
	}
	clear(live.breakers[len(kept):])
	live.breakers = kept
	return out
}
