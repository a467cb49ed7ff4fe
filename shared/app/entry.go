package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/httpapi"
)

// Handler is a function behind the OpenFaaS signature.
type Handler interface {
	Handle(req handler.Request) (handler.Response, error)
}

// notReadyRetry is the Retry-After of the 503 while a function cannot be
// built.
const notReadyRetry = 5 * time.Second

// EntryPoint is a function as OpenFaaS runs it: built on its first call
// from the process's environment, and again on a later call while that
// fails.
type EntryPoint[H Handler] struct {
	name   string
	build  func(*Deps) (H, error)
	getenv func(string) string
	wired  memo[wired[H]]
}

// wired is a function built, with the parts it was built from.
type wired[H Handler] struct {
	handler H
	deps    *Deps
}

// StatusPath is the subpath at which a deployed function answers GET with
// its Health (of-watchdog keeps /_/health for its own liveness check).
const StatusPath = "/_/status"

// Entry returns the OpenFaaS entry of the function name built by build.
func Entry[H Handler](name string, build func(*Deps) (H, error)) *EntryPoint[H] {
	return &EntryPoint[H]{name: name, build: build, getenv: os.Getenv}
}

// Handle hands req to the function, building it first if need be. While
// it cannot be built it logs why and answers 503 with Retry-After.
// A GET of StatusPath answers the function's Health: 200 while it takes
// calls ("ok" or "degraded"), 503 while it cannot be built.
func (e *EntryPoint[H]) Handle(req handler.Request) (handler.Response, error) {
	ctx := httpapi.Context(req)
	w, err := e.wired.get(e.wire)
	if err != nil {
		slog.ErrorContext(ctx, "function not wired", "function", e.name, "err", err)
		return httpapi.Error(ctx, &httpapi.Problem{Code: httpapi.CodeDependencyUnavailable,
			Message: e.name + " is starting; try again shortly", RetryAfter: notReadyRetry}), nil
	}
	if resp, ok := Status(req, w.deps.Health); ok {
		return resp, nil
	}
	return w.handler.Handle(req)
}

// Status answers a GET of StatusPath with health's report (200); ok is
// false for any other call, which is the function's to answer. The
// deployed entry and the local runner both answer the path through it.
func Status(req handler.Request, health func(context.Context) Health) (resp handler.Response, ok bool) {
	if req.Method != http.MethodGet || httpapi.Subpath(req) != StatusPath {
		return handler.Response{}, false
	}
	return httpapi.JSON(http.StatusOK, health(httpapi.Context(req))), true
}

// wire reads the configuration and builds the function over fresh Deps.
func (e *EntryPoint[H]) wire() (wired[H], error) {
	cfg, err := LoadConfig(e.getenv)
	if err != nil {
		return wired[H]{}, fmt.Errorf("configuration: %w", err)
	}
	d := New(e.name, cfg)
	h, err := e.build(d)
	if err != nil {
		_ = d.Close()
		return wired[H]{}, err
	}
	d.Log.Info("function wired", "function", e.name, "config", cfg)
	return wired[H]{handler: h, deps: d}, nil
}
