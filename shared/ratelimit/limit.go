package ratelimit

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Limit allows Count requests per Period. The zero Limit is off.
type Limit struct {
	Count  int
	Period time.Duration
}

// ErrInvalidLimit: a limit that is not "<count>/<duration>" or "0".
var ErrInvalidLimit = errors.New("ratelimit: invalid limit")

// ParseLimit reads "<count>/<duration>" ("30/1m", "600/1m", "5/10s") or
// "0" (off). Count and duration must be positive.
func ParseLimit(s string) (Limit, error) {
	s = strings.TrimSpace(s)
	if s == "0" {
		return Limit{}, nil
	}
	count, period, ok := strings.Cut(s, "/")
	n, err := strconv.Atoi(count)
	if !ok || err != nil || n <= 0 {
		return Limit{}, fmt.Errorf("%w: %q: want <count>/<duration> such as 30/1m, or 0", ErrInvalidLimit, s)
	}
	d, err := time.ParseDuration(period)
	if err != nil || d <= 0 {
		return Limit{}, fmt.Errorf("%w: %q: duration must be a positive Go duration", ErrInvalidLimit, s)
	}
	return Limit{Count: n, Period: d}, nil
}

// Off reports whether the limit is turned off.
func (l Limit) Off() bool { return l.Count <= 0 || l.Period <= 0 }

// String spells the limit as ParseLimit reads it.
func (l Limit) String() string {
	if l.Off() {
		return "0"
	}
	return fmt.Sprintf("%d/%s", l.Count, l.Period)
}

// interval is the time one request costs, in microseconds.
func (l Limit) interval() int64 { return max(1, l.Period.Microseconds()/int64(l.Count)) }
