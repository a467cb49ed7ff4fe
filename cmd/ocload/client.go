package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"
)

// outcome is how a call ended.
type outcome struct {
	// status is the HTTP status; 0 when no answer came.
	status int
	// failure says why no answer came (timeout, transport, cancelled),
	// or that the expected answer could not be read (bad-answer).
	failure string
	// ok: the status is the one the operation expects.
	ok bool
}

// label names the outcome in the failure counts: the status, or why
// there was none.
func (o outcome) label() string {
	if o.status != 0 {
		return strconv.Itoa(o.status)
	}
	return o.failure
}

// newHTTPClient is a keep-alive client for an open loop: as many
// connections as calls in flight, each call bounded by timeout.
func newHTTPClient(maxInFlight int, timeout time.Duration) *http.Client {
	return &http.Client{Timeout: timeout, Transport: &http.Transport{
		Proxy: nil, MaxIdleConns: maxInFlight, MaxIdleConnsPerHost: maxInFlight,
		IdleConnTimeout: time.Minute, DialContext: (&net.Dialer{Timeout: timeout}).DialContext,
	}}
}

// call is one HTTP request of an operation.
type call struct {
	method, url, token string
	body               any
	header             map[string]string
	// want is the status that means success; into, when set, receives
	// the answer's JSON on success.
	want int
	into any
}

// do sends the call and reads its answer to the end.
func (c call) do(ctx context.Context, client *http.Client) outcome {
	var body io.Reader
	if c.body != nil {
		b, err := json.Marshal(c.body)
		if err != nil {
			return outcome{failure: "encode"}
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, c.method, c.url, body)
	if err != nil {
		return outcome{failure: "request"}
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if c.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range c.header {
		req.Header.Set(k, v)
	}
	resp, err := client.Do(req)
	if err != nil {
		return outcome{failure: failureKind(ctx, err)}
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return outcome{failure: failureKind(ctx, err)}
	}
	oc := outcome{status: resp.StatusCode, ok: resp.StatusCode == c.want}
	if oc.ok && c.into != nil && json.Unmarshal(raw, c.into) != nil {
		return outcome{failure: "bad-answer"}
	}
	return oc
}

func failureKind(ctx context.Context, err error) string {
	var ne net.Error
	switch {
	case errors.Is(ctx.Err(), context.Canceled):
		return "cancelled"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	default:
		return "transport"
	}
}
