package push

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/ordercenter/ordercenter/shared/httpcall"
)

// outcome maps the gateway's answer (contract section 13): 2xx delivered;
// 5xx, 429 and an unfollowed redirect transient; any other status
// permanent.
func (c *Client) outcome(answer httpcall.Answer) error {
	status := answer.Status
	if status >= 200 && status < 300 {
		return nil
	}
	se := &StatusError{StatusCode: status, Code: errorCode(answer.Header, answer.Body)}
	if status == http.StatusTooManyRequests || status >= 500 || (status >= 300 && status < 400) {
		se.RetryAfter = httpcall.RetryAfter(answer.Header, c.cfg.Now(), c.cfg.MaxRetryAfter)
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
