//go:build openfaas

// Command handler serves one ordercenter function behind the of-watchdog in
// http mode, as OpenFaaS's golang-http template does: it builds the go-http
// Request from the HTTP request (method, headers, query, body, the request's
// context) and calls the function's Handle. It adds what the runner's
// gateway adds too: the path below /function/<name> in X-Function-Path
// (the of-watchdog forwards that path), and X-Call-Id when absent.
//
// Like the runner's gateway, every call gets the telemetry of
// shared/telemetry: JSON logs with the function's name and trace id (phone
// numbers masked), a server span continuing the caller's trace, a call
// count and a latency histogram, exported over OTLP when
// OTEL_EXPORTER_OTLP_ENDPOINT is set. build.sh sets functionName.
//
// In the build context the function's package is the module's root
// package, so this file imports it by the module path. It builds only with
// the openfaas tag (build.sh sets it), so the project's own `go build ./...`
// passes it by.
package main

import (
	"context"
	"io"
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
	"github.com/ordercenter/ordercenter/shared/telemetry"
)

// functionName is the function's name (build.sh sets it with -X).
var functionName = "function"

// calls observes every call; set up in main.
var calls *telemetry.FunctionMetrics

const maxBodyBytes = 1 << 20

func main() {
	slog.SetDefault(telemetry.NewLogger(os.Stderr, functionName, slog.LevelInfo))
	env, _ := app.LoadConfig(os.Getenv) // a bad variable is the function's to report, on its first call
	tel, err := telemetry.Setup(context.Background(), telemetry.Config{ServiceName: functionName, OTLPEndpoint: env.OTLPEndpoint})
	if err != nil {
		log.Fatal(err)
	}
	calls = tel.Functions()
	defer func() { _ = tel.Shutdown(context.Background()) }()
	port := getenv("PORT", "8082")
	timeout := duration(os.Getenv("write_timeout"), 30*time.Second)
	srv := &http.Server{Addr: "127.0.0.1:" + port, Handler: http.HandlerFunc(serve),
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

func serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	if err != nil {
		http.Error(w, `{"error":{"code":"invalid_request","message":"body too large"}}`, http.StatusRequestEntityTooLarge)
		return
	}
	header := r.Header.Clone()
	header.Set("X-Function-Path", r.URL.Path)
	if header.Get("X-Call-Id") == "" {
		header.Set("X-Call-Id", strconv.FormatInt(time.Now().UnixNano(), 36))
	}
	ctx, end := calls.StartCall(telemetry.ExtractHeaders(r.Context(), header), functionName, r.Method)
	req := handler.Request{Body: body, Header: header, QueryString: r.URL.RawQuery, Method: r.Method, Host: r.Host}
	req.WithContext(ctx)
	resp, err := function.Handle(req)
	end(answeredStatus(resp, err), err)
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	switch {
	case err != nil:
		slog.ErrorContext(ctx, "function error", "err", err)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte(`{"error":{"code":"internal","message":"internal error"}}`))
		return
	case resp.StatusCode == 0:
		resp.StatusCode = http.StatusOK
	}
	w.WriteHeader(resp.StatusCode)
	_, _ = w.Write(resp.Body)
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

// answeredStatus is the status the caller gets for the function's answer.
func answeredStatus(resp handler.Response, err error) int {
	switch {
	case err != nil:
		return http.StatusInternalServerError
	case resp.StatusCode == 0:
		return http.StatusOK
	}
	return resp.StatusCode
}
