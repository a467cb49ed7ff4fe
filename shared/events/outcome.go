package events

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// permanentError marks a failure that no retry can mend.
type permanentError struct{ err error }

func (p permanentError) Error() string { return "permanent: " + p.err.Error() }
func (p permanentError) Unwrap() error { return p.err }

// Permanent marks err as a failure no retry can mend: the consumer
// terminates the message and dead-letters it.
func Permanent(err error) error { return permanentError{err: err} }

// IsPermanent reports whether err was marked with Permanent.
func IsPermanent(err error) bool {
	var p permanentError
	return errors.As(err, &p)
}

// RetryAfter is a transient failure that says how long to wait at least.
type RetryAfter struct {
	After time.Duration
	Err   error
}

func (r *RetryAfter) Error() string { return fmt.Sprintf("retry after %s: %v", r.After, r.Err) }
func (r *RetryAfter) Unwrap() error { return r.Err }

// FromStatus turns the answer of a function called for one message into
// the consumer's outcome: 2xx done; 429 and 5xx transient (honouring
// Retry-After); any other status permanent.
func FromStatus(status int, header http.Header, body []byte) error {
	switch {
	case status >= 200 && status < 300:
		return nil
	case status == http.StatusTooManyRequests || status >= 500:
		err := fmt.Errorf("function answered %d: %.200s", status, body)
		if secs, perr := strconv.Atoi(header.Get("Retry-After")); perr == nil && secs > 0 {
			return &RetryAfter{After: time.Duration(secs) * time.Second, Err: err}
		}
		return err
	default:
		return Permanent(fmt.Errorf("function answered %d: %.200s", status, body))
	}
}

// retryDelay is how long to wait before delivery number n+1 after the n-th
// failed: the back-off schedule, stretched to what the failure asked for.
func retryDelay(backoff []time.Duration, delivered uint64, err error) time.Duration {
	i := min(int(delivered)-1, len(backoff)-1)
	delay := backoff[max(i, 0)]
	var ra *RetryAfter
	if errors.As(err, &ra) && ra.After > delay {
		delay = ra.After
	}
	return delay
}
