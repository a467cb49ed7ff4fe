//go:build openfaas

// Command handler serves one ordercenter function behind the of-watchdog in
// http mode, as OpenFaaS's golang-http template does, through the same
// adapter as the runner's gateway (httpapi.Server): it builds the go-http
// Request from the HTTP request (method, headers, query, body, the
// request's context), the path below /function/<name> in X-Function-Path
// (the of-watchdog forwards that path), X-Call-Id when absent, and calls
// the function's Handle.
//
// Like the runner's gateway, every call gets the telemetry of
// shared/telemetry: JSON logs with the function's name and trace id (phone
// numbers masked), a server span continuing the caller's trace, a call
// count and a latency histogram, and the states of its breakers, exported
// over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set. build.sh sets
// functionName.
//
// In the build context the function's package is the module's root
// package, so this file imports it by the module path. It builds only with
// the openfaas tag (build.sh sets it), so the project's own `go build ./...`
// passes it by.
package main

import (
	"context"
	"log"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	function "github.com/ordercenter/ordercenter"
	"github.com/ordercenter/ordercenter/shared/app"
	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/metrics"
	"github.com/ordercenter/ordercenter/shared/telemetry"
)

// functionName is the function's name (build.sh sets it with -X).
var functionName = "function"

func main() {
	env, _ := app.LoadConfig(os.Getenv) // a bad variable is the function's to report, on its first call
	slog.SetDefault(telemetry.NewLogger(os.Stderr, functionName, env.LogLevel))
	tel, err := telemetry.Setup(context.Background(), telemetry.Config{ServiceName: functionName, OTLPEndpoint: env.OTLPEndpoint})
	if err != nil {
		log.Fatal(err)
	}
	defer func() { _ = tel.Shutdown(context.Background()) }()
	tel.Functions().Declare(functionName)
	if figures, err := metrics.New(tel.MeterProvider()); err == nil {
		_, _ = figures.ObserveBreakers() // the function's breakers, at each export
	}
	port := getenv("PORT", "8082")
	timeout := duration(os.Getenv("write_timeout"), 30*time.Second)
	fn := &httpapi.Server{Invoker: httpapi.Invoker{Name: functionName, Observer: tel.Functions(),
		Admission: httpapi.NewAdmission(env.MaxConcurrentCalls)},
		Function: entry{}}
	srv := &http.Server{Addr: "127.0.0.1:" + port, Handler: fn,
		ReadTimeout: timeout, WriteTimeout: timeout, MaxHeaderBytes: 1 << 20}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	go func() {
		<-ctx.Done()
		drain, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		_ = srv.Shutdown(drain)
	}()
	if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
		slog.Error("serve", "err", err)
	}
}

func getenv(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// duration reads the watchdog's timeout settings: seconds or a Go duration.
func duration(v string, def time.Duration) time.Duration {
	if n, err := strconv.Atoi(v); err == nil && n > 0 {
		return time.Duration(n) * time.Second
	}
	if d, err := time.ParseDuration(v); err == nil && d > 0 {
		return d
	}
	return def
}

// entry is the function's package-level Handle as a handler.FunctionHandler.
type entry struct{}

func (entry) Handle(req handler.Request) (handler.Response, error) { return function.Handle(req) }
