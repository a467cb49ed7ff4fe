package order

import (
	"crypto/rand"
	"encoding/binary"
	"sync"
	"time"
)

// IDLen is the length of an id made by NewID.
const IDLen = 26

// crockford is the lower-case Crockford base32 alphabet (no i, l, o, u).
const crockford = "0123456789abcdefghjkmnpqrstvwxyz"

// maxMillis is the largest timestamp an id can carry (48 bits).
const maxMillis = 1<<48 - 1

// maxStepBack is how far behind the last id's time a new id's time may be
// and still be made after it, as if in the same millisecond.
const maxStepBack = 1000 // milliseconds

// idSource keeps the last timestamp and random part handed out, so that ids
// of one process are strictly increasing.
type idSource struct {
	mu     sync.Mutex
	millis uint64
	random [10]byte
	seeded bool
}

var ids idSource

// NewID returns a new order id: 26 characters of lower-case Crockford
// base32 (URL-safe) encoding 48 bits of Unix milliseconds taken from now
// and 80 random bits from crypto/rand, as a ULID does. Ids are unique
// across processes without coordination (80 random bits per millisecond)
// and sort as plain strings in the order of their times. Within one
// process they are strictly increasing, in the order NewID was called: in
// the same millisecond the previous random part is incremented instead of
// drawn anew, and so it is when now is up to a second behind the previous
// id's time (goroutines racing across a millisecond, a small clock step).
// A now further back starts afresh from its own time: its ids sort before
// those made earlier, and remain unique.
func NewID(now time.Time) string {
	ids.mu.Lock()
	millis, random := ids.next(unixMillis(now))
	ids.mu.Unlock()
	return encodeID(millis, random)
}

// next returns the timestamp and random part of the next id. The caller
// holds s.mu.
func (s *idSource) next(millis uint64) (uint64, [10]byte) {
	if !s.seeded || millis > s.millis || millis+maxStepBack < s.millis {
		s.millis, s.seeded = millis, true
		rand.Read(s.random[:])
		return s.millis, s.random
	}
	if !increment(&s.random) { // 2^80 ids in a millisecond: borrow the next
		s.millis = min(s.millis+1, maxMillis)
		rand.Read(s.random[:])
	}
	return s.millis, s.random
}

// increment adds one to b as a big-endian number; it reports false when b
// wrapped around to zero.
func increment(b *[10]byte) bool {
	for i := len(b) - 1; i >= 0; i-- {
		b[i]++
		if b[i] != 0 {
			return true
		}
	}
	return false
}

func unixMillis(t time.Time) uint64 {
	ms := t.UnixMilli()
	if ms < 0 {
		return 0
	}
	return min(uint64(ms), maxMillis)
}

// encodeID writes the 128-bit value millis<<80 | random as 26 base32
// digits, most significant first (the top digit carries only 3 bits).
func encodeID(millis uint64, random [10]byte) string {
	hi := millis<<16 | uint64(binary.BigEndian.Uint16(random[:2]))
	lo := binary.BigEndian.Uint64(random[2:])
	var out [IDLen]byte
	for i := IDLen - 1; i >= 0; i-- {
		out[i] = crockford[lo&31]
		lo = lo>>5 | hi<<59
		hi >>= 5
	}
	return string(out[:])
}

// ValidID reports whether s has the form of an id made by NewID: 26
// characters of lower-case Crockford base32 whose first digit is 0 to 7.
func ValidID(s string) bool {
	if len(s) != IDLen || s[0] < '0' || s[0] > '7' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isCrockford(s[i]) {
			return false
		}
	}
	return true
}

func isCrockford(c byte) bool {
	switch {
	case c >= '0' && c <= '9':
		return true
	case c < 'a' || c > 'z':
		return false
	}
	return c != 'i' && c != 'l' && c != 'o' && c != 'u'
}
