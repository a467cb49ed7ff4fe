// Package httpcall is what the order center's clients of HTTP
// dependencies (the payment provider, the push gateway) have in common
// (contract section 13): a POST of a JSON body under an Idempotency-Key,
// within a deadline, reading a bounded part of the answer, with no
// redirect followed; and the reading of a Retry-After. Each client maps
// the answer to its own outcomes.
package httpcall

import (
	"bytes"
	"cmp"
	"context"
	"io"
	"net/http"
	"net/url"
	"time"
)

// NoRedirects returns an HTTP client that answers a redirect instead of
// following it.
func NoRedirects() *http.Client {
	return &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
}

// ValidBaseURL reports whether raw is an http(s) URL with a host, the
// base of a dependency's API.
func ValidBaseURL(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// noRedirects is the client of a Caller without one.
var noRedirects = NoRedirects()

// Caller makes the calls of one client.
type Caller struct {
	// Client makes the calls (default one of NoRedirects, shared).
	Client *http.Client
	// Timeout bounds one call, reading of the answer included; an earlier
	// deadline of the caller's context applies.
	Timeout time.Duration
	// MaxAnswerBytes is how much of an answer's body is read.
	MaxAnswerBytes int64
}

// Request is one POST of a JSON body.
type Request struct {
	// URL is where it goes.
	URL string
	// Body is the JSON body.
	Body []byte
	// IdempotencyKey is sent as the Idempotency-Key header.
	IdempotencyKey string
	// Bearer, when set, is sent as "Authorization: Bearer <Bearer>".
	Bearer string
}

// Answer is what a dependency answered.
type Answer struct {
	// Status is the HTTP status; 0 when there was no answer.
	Status int
	// Header is the answer's header.
	Header http.Header
	// Body is at most MaxAnswerBytes of the answer's body.
	Body []byte
}

// Post sends req. Without an answer (refused, reset, timed out, or a
// request that could not be made) it returns a zero Answer and the cause;
// when the answer's body could not be read, the Answer with what was read
// and the read error.
func (c Caller) Post(ctx context.Context, req Request) (Answer, error) {
	ctx, cancel := context.WithTimeout(ctx, c.Timeout)
	defer cancel()
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, req.URL, bytes.NewReader(req.Body))
	if err != nil {
		return Answer{}, err
	}
	hreq.Header.Set("Content-Type", "application/json")
	hreq.Header.Set("Idempotency-Key", req.IdempotencyKey)
	if req.Bearer != "" {
		hreq.Header.Set("Authorization", "Bearer "+req.Bearer)
	}
	resp, err := cmp.Or(c.Client, noRedirects).Do(hreq)
	if err != nil {
		return Answer{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.MaxAnswerBytes))
	return Answer{Status: resp.StatusCode, Header: resp.Header, Body: body}, err
}
