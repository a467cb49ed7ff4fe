package push_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/ordercenter/ordercenter/shared/httpcall"
	"github.com/ordercenter/ordercenter/shared/push"
)

// FuzzSendAnswers feeds arbitrary statuses, Retry-After headers and
// bodies back to Send: it never panics, classifies every failure as
// exactly one of ErrUnavailable and ErrRejected, and never reports a
// negative or uncapped wait.
func FuzzSendAnswers(f *testing.F) {
	f.Add(503, "3", `{"error":{"code":"x"}}`)
	f.Add(429, "Wed, 21 Oct 2015 07:28:00 GMT", "")
	f.Add(400, "-1", "not json")
	var answer struct {
		code        int
		after, body string
	}
	g := newGateway(f, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", answer.after)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(answer.code)
		_, _ = w.Write([]byte(answer.body))
	})
	f.Fuzz(func(t *testing.T, code int, after, body string) {
		if code < 200 || code > 599 || (code >= 300 && code < 400) {
			return // the server cannot answer 1xx; 3xx are tested by name
		}
		answer.code, answer.after, answer.body = code, after, body
		c := newClient(t, g, newClock(), func(c *push.Config) { c.Breaker.Failures = 1 << 30 })
		err := c.Send(context.Background(), note("f.user"))
		if d := httpcall.RetryAfterOf(err); d < 0 || d > push.DefaultMaxRetryAfter {
			t.Fatalf("wait %s", d)
		}
		if err != nil && errors.Is(err, push.ErrUnavailable) == errors.Is(err, push.ErrRejected) {
			t.Fatalf("%d: %v", code, err)
		}
	})
}
