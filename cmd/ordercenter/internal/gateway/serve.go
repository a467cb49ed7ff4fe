package gateway

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/telemetry"
)

// ServeHTTP answers /function/<name>[/<subpath>].
func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name, subpath, ok := splitFunctionPath(r.URL.Path)
	f, found := g.Lookup(name)
	if !ok || !found {
		writeProblem(w, &httpapi.Problem{Code: httpapi.CodeNotFound, Message: "no such function"})
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, g.cfg.MaxBodyBytes))
	if err != nil {
		writeTooLarge(w, err)
		return
	}
	callID := r.Header.Get("X-Call-Id")
	if callID == "" {
		callID = newCallID()
	}
	header := forwardHeaders(r, callID, subpath)
	req := handler.Request{Body: body, Header: header, QueryString: r.URL.RawQuery, Method: r.Method, Host: r.Host}
	start := time.Now()
	resp := g.Invoke(r.Context(), name, f, req)
	resp.Header = withHeader(resp.Header, "X-Call-Id", callID)
	resp.Header.Set("X-Duration-Seconds", strconv.FormatFloat(time.Since(start).Seconds(), 'f', 6, 64))
	writeResponse(w, resp)
}

func writeTooLarge(w http.ResponseWriter, err error) {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		resp := httpapi.Error(httpapi.Invalid("body", fmt.Sprintf("larger than %d bytes", tooLarge.Limit)))
		resp.StatusCode = http.StatusRequestEntityTooLarge
		writeResponse(w, resp)
		return
	}
	writeProblem(w, httpapi.Invalid("body", "could not be read"))
}

// forwardHeaders copies the caller's headers and adds what the OpenFaaS
// gateway adds: the call id, the forwarded-for chain, the forwarded host.
func forwardHeaders(r *http.Request, callID, subpath string) http.Header {
	h := r.Header.Clone()
	h.Set("X-Call-Id", callID)
	h.Set(httpapi.PathHeader, subpath)
	if h.Get("X-Forwarded-Host") == "" && r.Host != "" {
		h.Set("X-Forwarded-Host", r.Host)
	}
	if peer, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		if prior := h.Get("X-Forwarded-For"); prior != "" {
			peer = prior + ", " + peer
		}
		h.Set("X-Forwarded-For", peer)
	}
	return h
}

// Invoke calls a function in-process with the gateway's time limit and
// observer, continuing the caller's trace (traceparent in the request's
// headers, from HTTP or from a NATS message): the HTTP gateway, the NATS connector and the schedule all call
// through here. A function error or panic answers 500; overrunning the
// time limit answers 504.
func (g *Gateway) Invoke(ctx context.Context, name string, f handler.FunctionHandler, req handler.Request) handler.Response {
	ctx, cancel := context.WithTimeout(telemetry.ExtractHeaders(ctx, req.Header), g.cfg.Timeout)
	defer cancel()
	end := func(int, error) {}
	if g.cfg.Observer != nil {
		ctx, end = g.cfg.Observer.StartCall(ctx, name, req.Method)
	}
	req.WithContext(ctx)
	resp, err := callGuarded(ctx, f, req)
	if err != nil {
		slog.ErrorContext(ctx, "function failed", "function", name, "err", err)
		resp = functionFailure(err)
	}
	if resp.StatusCode == 0 {
		resp.StatusCode = http.StatusOK
	}
	end(resp.StatusCode, err)
	return resp
}

var errTimedOut = errors.New("function timed out")

// callGuarded runs the function, turning a panic into an error and giving
// up when the context ends first.
func callGuarded(ctx context.Context, f handler.FunctionHandler, req handler.Request) (handler.Response, error) {
	type result struct {
		resp handler.Response
		err  error
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- result{err: fmt.Errorf("panic: %v", p)}
			}
		}()
		resp, err := f.Handle(req)
		done <- result{resp, err}
	}()
	select {
	case res := <-done:
		return res.resp, res.err
	case <-ctx.Done():
		return handler.Response{}, fmt.Errorf("%w: %w", errTimedOut, ctx.Err())
	}
}

func functionFailure(err error) handler.Response {
	if errors.Is(err, errTimedOut) {
		resp := httpapi.Error(&httpapi.Problem{Code: httpapi.CodeDependencyUnavailable,
			Message: "the function did not answer in time", RetryAfter: time.Second})
		resp.StatusCode = http.StatusGatewayTimeout
		return resp
	}
	return httpapi.Error(errors.New("function failed"))
}

func withHeader(h http.Header, key, value string) http.Header {
	if h == nil {
		h = http.Header{}
	}
	h.Set(key, value)
	return h
}
