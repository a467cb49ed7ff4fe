package sandbox

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
)

// callKey is the context key of the *Call being recorded.
type callKey struct{}

// noteCall returns the call being recorded for ctx's request, or a
// throwaway one, so that handlers may annotate it unconditionally.
func noteCall(ctx context.Context) *Call {
	if c, ok := ctx.Value(callKey{}).(*Call); ok {
		return c
	}
	return &Call{}
}

// capture is a ResponseWriter that keeps the status and (up to maxBody)
// the body written.
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
	if room := maxBody - c.body.Len(); room > 0 {
		c.body.Write(b[:min(len(b), room)])
	}
	return c.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (c *capture) Unwrap() http.ResponseWriter { return c.ResponseWriter }

// serve wraps h: it reads the body (at most maxBody, else 400) so that h
// reads it from memory, and, unless kind is empty, records the call and
// its answer in the journal.
func (g *Gateway) serve(kind string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		call := &Call{At: g.cfg.Now().UTC(), Kind: kind, Method: r.Method,
			Path: r.URL.RequestURI(), IdempotencyKey: r.Header.Get("Idempotency-Key")}
		cw := &capture{ResponseWriter: w}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
		call.Body = rawJSON(body)
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			writeError(cw, http.StatusBadRequest, "invalid_request", "the body exceeds 64 KiB")
		case err != nil:
			writeError(cw, http.StatusBadRequest, "invalid_request", "the body could not be read")
		default:
			r.Body = io.NopCloser(bytes.NewReader(body))
			h(cw, r.WithContext(context.WithValue(r.Context(), callKey{}, call)))
		}
		if kind == "" {
			return
		}
		call.Status, call.Response = cw.status, rawJSON(bytes.Clone(cw.body.Bytes()))
		g.journal.add(*call)
	}
}
