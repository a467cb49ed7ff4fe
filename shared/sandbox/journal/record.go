package journal

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"

	"github.com/ordercenter/ordercenter/shared/httpapi"
)

// callKey is the context key of the *Call being recorded.
type callKey struct{}

// Note returns the call being recorded for ctx's request, or a throwaway
// one, so that handlers may annotate it unconditionally (its Fault,
// Replayed or Duplicate).
func Note(ctx context.Context) *Call {
	if c, ok := ctx.Value(callKey{}).(*Call); ok {
		return c
	}
	return &Call{}
}

// capture is a ResponseWriter that keeps the status and (up to
// httpapi.MaxBodyBytes) the body written.
type capture struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

// WriteHeader notes the status.
func (c *capture) WriteHeader(status int) {
	if c.status == 0 {
		c.status = status
	}
	c.ResponseWriter.WriteHeader(status)
}

// Write keeps a copy of what is written.
func (c *capture) Write(b []byte) (int, error) {
	if c.status == 0 {
		c.status = http.StatusOK
	}
	if room := httpapi.MaxBodyBytes - c.body.Len(); room > 0 {
		c.body.Write(b[:min(len(b), room)])
	}
	return c.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (c *capture) Unwrap() http.ResponseWriter { return c.ResponseWriter }

// Record wraps h: it reads the body (at most httpapi.MaxBodyBytes, else
// 400 invalid_request) so that h reads it from memory, and, unless kind is
// empty, records the call as kind with its answer. h may annotate the
// call through Note.
func (j *Journal) Record(kind string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		call := &Call{At: j.cfg.Now().UTC(), Kind: kind, Method: r.Method,
			Path: r.URL.RequestURI(), IdempotencyKey: r.Header.Get("Idempotency-Key")}
		if j.cfg.Directions {
			call.Direction = Received
		}
		cw := &capture{ResponseWriter: w}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, httpapi.MaxBodyBytes))
		call.Body = RawJSON(body)
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			httpapi.WriteError(cw, &httpapi.Problem{Code: httpapi.CodeInvalidRequest, Message: "the body exceeds 64 KiB"})
		case err != nil:
			httpapi.WriteError(cw, &httpapi.Problem{Code: httpapi.CodeInvalidRequest, Message: "the body could not be read"})
		default:
			r.Body = io.NopCloser(bytes.NewReader(body))
			h(cw, r.WithContext(context.WithValue(r.Context(), callKey{}, call)))
		}
		if kind == "" {
			return
		}
		call.Status, call.Response = cw.status, RawJSON(bytes.Clone(cw.body.Bytes()))
		j.Add(*call)
	}
}
