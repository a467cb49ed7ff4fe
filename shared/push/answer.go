package push

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// outcome maps the gateway's answer (contract section 13): 2xx delivered;
// 5xx, 429 and an unfollowed redirect transient; any other status
// permanent.
func (c *Client) outcome(resp *http.Response, answer []byte) error {
	status := resp.StatusCode
	if status >= 200 && status < 300 {
		return nil
	}
	se := &StatusError{StatusCode: status, Code: errorCode(resp.Header, answer)}
	if status == http.StatusTooManyRequests || status >= 500 || (status >= 300 && status < 400) {
		se.RetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), c.cfg.Now(), c.cfg.MaxRetryAfter)
		return fmt.Errorf("%w: %w", ErrUnavailable, se)
	}
	return fmt.Errorf("%w: %w", ErrRejected, se)
}

// errorCode reads the code of a JSON error answer, {"error": {"code"}},
// or "" when it has none.
func errorCode(h http.Header, answer []byte) string {
	if !strings.Contains(h.Get("Content-Type"), "json") {
		return ""
	}
	var body struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	if json.Unmarshal(answer, &body) != nil || len(body.Error.Code) > 64 {
		return ""
	}
	return body.Error.Code
}

// parseRetryAfter reads a Retry-After header, in seconds or as an HTTP
// date, capped at limit; 0 when absent, malformed or in the past.
func parseRetryAfter(v string, now time.Time, limit time.Duration) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	var d time.Duration
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		if secs > int64(limit/time.Second) {
			return limit
		}
		d = time.Duration(secs) * time.Second
	} else if at, err := http.ParseTime(v); err == nil {
		d = at.Sub(now)
	}
	if d < 0 {
		return 0
	}
	return min(limit, d)
}
