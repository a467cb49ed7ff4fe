package main

import (
	"math/rand/v2"
	"time"
)

// schedule yields the intended send times of a profile's arrivals, as
// offsets from the start: evenly spaced in the profile's rate (uniform),
// or a Poisson process of that rate (its gaps exponential). Either way
// arrival k comes where the integral of rate(t) reaches the k-th mark (k
// for uniform, a sum of k unit exponentials for Poisson), so that rates
// that change, or pass through zero, are followed exactly.
type schedule struct {
	p       profile
	poisson bool
	rng     *rand.Rand
	at      time.Duration // the last arrival's offset
}

// integrationStep is how finely rate(t) is integrated.
const integrationStep = time.Millisecond

// next returns the next arrival's offset, or false past the profile's end.
func (s *schedule) next() (time.Duration, bool) {
	need := 1.0
	if s.poisson {
		need = s.rng.ExpFloat64()
	}
	for t := s.at; t < s.p.length; {
		dt := min(integrationStep, s.p.length-t)
		rate := s.p.rate(t)
		if area := rate * dt.Seconds(); area < need {
			need -= area
			t += dt
			continue
		}
		s.at = t + time.Duration(need/rate*float64(time.Second))
		return s.at, true
	}
	s.at = s.p.length
	return 0, false
}
