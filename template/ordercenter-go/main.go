//go:build openfaas

// Command handler serves one ordercenter function behind the of-watchdog in
// http mode, as OpenFaaS's golang-http template does: it builds the go-http
// Request from the HTTP request (method, headers, query, body, the request's
// context) and calls the function's Handle. It adds what the runner's
// gateway adds too: the path below /function/<name> in X-Function-Path
// (the of-watchdog forwards that path), and X-Call-Id when absent.
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
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	function "github.com/ordercenter/ordercenter"
)

const maxBodyBytes = 1 << 20

func main() {
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
		log.Fatal(err)
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
	req := handler.Request{Body: body, Header: header, QueryString: r.URL.RawQuery, Method: r.Method, Host: r.Host}
	req.WithContext(r.Context())
	resp, err := function.Handle(req)
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	switch {
	case err != nil:
		log.Printf("function error: %v", err)
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
