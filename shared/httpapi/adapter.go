package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"
)

// DefaultMaxRequestBytes bounds what the edge reads of a request body
// before a function sees it: the contract's bound on every body.
const DefaultMaxRequestBytes = MaxBodyBytes

// CallIDHeader names a call, as the OpenFaaS gateway does.
const CallIDHeader = "X-Call-Id"

// Server serves one function over net/http: the single net/http to
// handler.Request adapter, used by the runner's gateway (which ocload
// -serve starts too) and the deployed template. It builds the request as OpenFaaS's
// golang-http template does (method, headers, query string, body, the
// request's context), adds the subpath (PathHeader) and a call id when
// absent, and calls the function through Invoker.
type Server struct {
	Invoker
	// Function is what is served.
	Function handler.FunctionHandler
	// MaxRequestBytes bounds the body (DefaultMaxRequestBytes when 0): a
	// larger Content-Length is refused with 413 before anything is read,
	// a chunked body once the bound is passed.
	MaxRequestBytes int64
	// Subpath is the path below the function's name (nil: the request's
	// path, as the of-watchdog forwards it).
	Subpath func(*http.Request) string
	// AppendPeer appends the caller's address to X-Forwarded-For, as an
	// OpenFaaS gateway does; the template leaves what its gateway sent.
	AppendPeer bool
}

// ServeHTTP answers one call.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := ReadBody(w, r, s.maxRequestBytes())
	if err != nil {
		WriteResponse(w, tooLarge(err))
		return
	}
	subpath := r.URL.Path
	if s.Subpath != nil {
		subpath = s.Subpath(r)
	}
	req := NewRequest(r, body, subpath, s.AppendPeer)
	start := time.Now()
	resp := s.Invoke(r.Context(), s.Function, req)
	if resp.Header == nil {
		resp.Header = http.Header{}
	}
	resp.Header.Set(CallIDHeader, req.Header.Get(CallIDHeader))
	resp.Header.Set("X-Duration-Seconds", strconv.FormatFloat(time.Since(start).Seconds(), 'f', 6, 64))
	WriteResponse(w, resp)
}

func (s *Server) maxRequestBytes() int64 {
	if s.MaxRequestBytes > 0 {
		return s.MaxRequestBytes
	}
	return DefaultMaxRequestBytes
}

// ReadBody reads the request's body, at most limit bytes: a declared
// Content-Length above limit fails before anything is read, a longer
// chunked body once limit is passed; either error is an
// *http.MaxBytesError.
func ReadBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	if r.ContentLength > limit {
		return nil, &http.MaxBytesError{Limit: limit}
	}
	return io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
}

// tooLarge answers a body ReadBody refused: 413 when too large, else 400.
func tooLarge(err error) handler.Response {
	var big *http.MaxBytesError
	if !errors.As(err, &big) {
		return Error(context.Background(), Invalid("body", "could not be read"))
	}
	resp := Error(context.Background(), Invalid("body", fmt.Sprintf("larger than %d bytes", big.Limit)))
	resp.StatusCode = http.StatusRequestEntityTooLarge
	return resp
}

// NewRequest builds the function's request from an HTTP request and its
// body read: headers cloned, the subpath in PathHeader, a call id when
// the caller sent none, and, with appendPeer, the caller's address
// appended to X-Forwarded-For with X-Forwarded-Host set, as the OpenFaaS
// gateway adds them.
func NewRequest(r *http.Request, body []byte, subpath string, appendPeer bool) handler.Request {
	h := r.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Set(PathHeader, subpath)
	if h.Get(CallIDHeader) == "" {
		h.Set(CallIDHeader, newCallID())
	}
	if appendPeer {
		forwardedFor(h, r)
	}
	req := handler.Request{Body: body, Header: h, QueryString: r.URL.RawQuery, Method: r.Method, Host: r.Host}
	req.WithContext(r.Context())
	return req
}

func forwardedFor(h http.Header, r *http.Request) {
	if h.Get("X-Forwarded-Host") == "" && r.Host != "" {
		h.Set("X-Forwarded-Host", r.Host)
	}
	if peer, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		if prior := h.Get("X-Forwarded-For"); prior != "" {
			peer = prior + ", " + peer
		}
		h.Set("X-Forwarded-For", peer)
	}
}

// WriteResponse writes a function's answer on w (200 when it names no
// status).
func WriteResponse(w http.ResponseWriter, resp handler.Response) {
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	status := resp.StatusCode
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	_, _ = w.Write(resp.Body)
}

func newCallID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s-%s-%s-%s-%s", hex.EncodeToString(b[0:4]), hex.EncodeToString(b[4:6]),
		hex.EncodeToString(b[6:8]), hex.EncodeToString(b[8:10]), hex.EncodeToString(b[10:]))
}
