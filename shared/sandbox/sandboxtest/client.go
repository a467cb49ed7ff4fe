// Package sandboxtest helps test the sandboxes over HTTP: a Client that
// sends calls below a sandbox's prefix and reads each answer whole, and
// the checks the sandboxes' fuzz targets share.
package sandboxtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// Client sends calls to a sandbox below its prefix.
type Client struct {
	base string
	http *http.Client
}

// Serve serves h below prefix on a test server, closed when the test
// ends, and returns a client of it.
func Serve(t testing.TB, prefix string, h http.Handler) Client {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle(prefix+"/", h)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return Client{base: srv.URL + prefix, http: srv.Client()}
}

// Answer is a response read whole.
type Answer struct {
	Status int
	Header http.Header
	Body   []byte
}

// Do sends method path (below the prefix) with body and headers (key,
// value pairs) and reads the answer.
func (c Client) Do(t testing.TB, method, path, body string, headers ...string) Answer {
	t.Helper()
	resp, err := c.send(context.Background(), method, path, body, headers)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return Answer{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

// Abandon sends method path as Do does and gives up after wait, failing
// the test unless the call was still unanswered then.
func (c Client) Abandon(t testing.TB, wait time.Duration, method, path, body string, headers ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	if resp, err := c.send(ctx, method, path, body, headers); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("hung call answered: %v %v", resp, err)
	}
}

// send sends one call.
func (c Client) send(ctx context.Context, method, path, body string, headers []string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, bytes.NewBufferString(body))
	if err != nil {
		return nil, err
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return c.http.Do(req)
}

// DecodeInto decodes a's body into v.
func (a Answer) DecodeInto(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(a.Body, v); err != nil {
		t.Fatalf("answer %d %s: %v", a.Status, a.Body, err)
	}
}

// ErrorCode returns the code of an error answer, failing the test when it
// has no message.
func (a Answer) ErrorCode(t testing.TB) string {
	t.Helper()
	var e struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	a.DecodeInto(t, &e)
	if e.Error.Message == "" {
		t.Fatalf("error answer without message: %s", a.Body)
	}
	return e.Error.Code
}
