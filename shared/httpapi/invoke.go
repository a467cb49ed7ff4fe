package httpapi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/telemetry"
)

// CallObserver is told of every call (telemetry: a span, a count, a
// latency); the function StartCall returns is called when the call ends.
// *telemetry.FunctionMetrics is one.
type CallObserver interface {
	StartCall(ctx context.Context, function, method string) (context.Context, func(status int, err error))
}

// Invoker calls a function in-process as the platform does: continuing the
// caller's trace (traceparent in the request's headers, from HTTP or from
// a NATS message), under a time limit, observed. The runner's gateway, its
// NATS connector and schedule, and the deployed template all call through
// one.
type Invoker struct {
	// Name is the function's name, for telemetry and logs.
	Name string
	// Timeout bounds one call: the function's context ends then and the
	// caller gets 504. Zero: only the caller's deadline.
	Timeout time.Duration
	// Observer, when set, is told of every call.
	Observer CallObserver
	// Admission bounds the calls in hand at once (nil: no bound); share
	// one between the Invokers of one function.
	Admission *Admission
}

// Invoke calls f with req. A function error or panic answers 500 (its
// text logged, never sent); overrunning the time limit answers 504. Every
// call ends with its access line (logAccess).
func (i Invoker) Invoke(ctx context.Context, f handler.FunctionHandler, req handler.Request) handler.Response {
	ctx = telemetry.ExtractHeaders(ctx, req.Header)
	if i.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, i.Timeout)
		defer cancel()
	}
	start := time.Now()
	end := func(int, error) {}
	if i.Observer != nil {
		ctx, end = i.Observer.StartCall(ctx, i.Name, req.Method)
	}
	ctx, note := withCallNote(ctx)
	req.WithContext(ctx)
	var resp handler.Response
	var err error
	if release, ok := i.Admission.enter(); ok {
		resp, err = callGuarded(ctx, f, req, release)
	} else {
		resp = overloaded(ctx)
	}
	if err != nil {
		slog.ErrorContext(ctx, "function failed", "function", i.Name, "err", err)
		resp = functionFailure(ctx, err)
	}
	if resp.StatusCode == 0 {
		resp.StatusCode = http.StatusOK
	}
	end(resp.StatusCode, err)
	logAccess(ctx, i.Name, req.Method, note, resp.StatusCode, time.Since(start))
	return resp
}

var errTimedOut = errors.New("function timed out")

// callGuarded runs the function, turning a panic into an error and giving
// up when the context ends first; release is called when the function
// returns (a function that overran its time still holds its slot until
// it does).
func callGuarded(ctx context.Context, f handler.FunctionHandler, req handler.Request, release func()) (handler.Response, error) {
	type result struct {
		resp handler.Response
		err  error
	}
	done := make(chan result, 1)
	go func() {
		defer release()
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

func functionFailure(ctx context.Context, err error) handler.Response {
	if errors.Is(err, errTimedOut) {
		resp := Error(ctx, &Problem{Code: CodeDependencyUnavailable,
			Message: "the function did not answer in time", RetryAfter: time.Second})
		resp.StatusCode = http.StatusGatewayTimeout
		return resp
	}
	return Error(ctx, errors.New("function failed"))
}
