package httpcall

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
)

// noAnswer is the error of a call that got no answer: ErrTransient, or
// context.Canceled when the caller cancelled it.
func (c *Client) noAnswer(ctx context.Context, err error) *Error {
	if errors.Is(ctx.Err(), context.Canceled) {
		return &Error{Dependency: c.cfg.Name, Kind: context.Canceled, Detail: "cancelled by the caller", Cause: err}
	}
	return &Error{Dependency: c.cfg.Name, Kind: ErrTransient, Detail: "no answer (refused, reset or timed out)", Cause: err}
}

// outcome sorts an answer whose body (at most MaxAnswerBytes+1 bytes)
// was read with readErr.
func (c *Client) outcome(ctx context.Context, resp *http.Response, body []byte, readErr error) (Answer, error) {
	status := resp.StatusCode
	if status >= 200 && status < 300 {
		switch {
		case readErr != nil:
			e := c.noAnswer(ctx, readErr)
			e.StatusCode, e.Detail = status, "answer cut short"
			return Answer{}, e
		case int64(len(body)) > c.cfg.MaxAnswerBytes:
			return Answer{}, &Error{Dependency: c.cfg.Name, Kind: ErrBadAnswer, StatusCode: status,
				Detail: fmt.Sprintf("answer exceeds %d bytes", c.cfg.MaxAnswerBytes)}
		}
		return Answer{StatusCode: status, Header: resp.Header, Body: body}, nil
	}
	e := &Error{Dependency: c.cfg.Name, Kind: kindOf(status), StatusCode: status, Code: errorCode(body)}
	if errors.Is(e.Kind, ErrTransient) {
		e.RetryAfter = RetryAfter(resp.Header, c.cfg.Now(), c.cfg.MaxRetryAfter)
	}
	return Answer{}, e
}

// kindOf sorts a status other than 2xx.
func kindOf(status int) error {
	switch {
	case status == http.StatusNotFound:
		return ErrNotFound
	case status == http.StatusTooManyRequests || status >= 500:
		return ErrTransient
	case status >= 400:
		return ErrPermanent
	}
	return ErrBadAnswer // 1xx, 3xx: not in any contract, and not followed
}

// maxCodeLen bounds the error code read from an answer.
const maxCodeLen = 64

// errorCode reads the code of a JSON error answer, {"error": {"code"}},
// or "" when it has none (or a longer one than maxCodeLen).
func errorCode(body []byte) string {
	var v struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &v) != nil || len(v.Error.Code) > maxCodeLen {
		return ""
	}
	return v.Error.Code
}

// Fail is the error of a 2xx answer the typed layer refuses with kind
// (ErrBadAnswer for a body it cannot read or a status its contract does
// not allow, ErrPermanent for a refusal carried in the body), and the
// detail, in words fit for clients.
func (c *Client) Fail(kind error, ans Answer, detail string) *Error {
	return &Error{Dependency: c.cfg.Name, Kind: kind, StatusCode: ans.StatusCode, Detail: detail}
}
