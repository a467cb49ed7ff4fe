package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	orderquery "github.com/ordercenter/ordercenter/functions/order-query"
	"github.com/ordercenter/ordercenter/shared/auth"
	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/kv/boltkv"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/pagecursor"
	"github.com/ordercenter/ordercenter/shared/telemetry"
)

const functionPrefix = "/function/order-query"

// serveInProcess opens the store, seeds it, and serves order-query on a
// loopback port as the runner's gateway would.
func serveInProcess(ctx context.Context, o options) (target, func(), error) {
	dir, removeDir, err := dataDir(o.dataDir)
	if err != nil {
		return target{}, nil, err
	}
	store, err := boltkv.Open(filepath.Join(dir, "store.db"), boltkv.Options{})
	if err != nil {
		removeDir()
		return target{}, nil, err
	}
	repo := orderstore.New(store, orderstore.Options{Logger: slog.New(slog.DiscardHandler)})
	secret := make([]byte, 32)
	_, _ = rand.Read(secret)
	fn, err := newFunction(repo, secret)
	if err != nil {
		return target{}, nil, errors.Join(err, store.Close())
	}
	t, err := seed(ctx, repo, o, secret)
	if err != nil {
		return target{}, nil, errors.Join(err, store.Close())
	}
	tel, err := telemetry.Setup(ctx, telemetry.Config{ServiceName: "querybench", Prometheus: true})
	if err != nil {
		return target{}, nil, errors.Join(err, store.Close())
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return target{}, nil, errors.Join(err, tel.Shutdown(ctx), store.Close())
	}
	srv := &http.Server{Handler: gateway(fn, tel.Functions()), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	t.base = "http://" + ln.Addr().String()
	return t, func() { _ = srv.Close(); _ = tel.Shutdown(context.Background()); _ = store.Close(); removeDir() }, nil
}

func dataDir(dir string) (string, func(), error) {
	if dir != "" {
		return dir, func() {}, os.MkdirAll(dir, 0o700)
	}
	tmp, err := os.MkdirTemp("", "querybench-")
	return tmp, func() { _ = os.RemoveAll(tmp) }, err
}

func newFunction(repo *orderstore.Repository, secret []byte) (*orderquery.OrderQuery, error) {
	authn, err := httpapi.NewAuthenticator(secret)
	if err != nil {
		return nil, err
	}
	cursors, err := pagecursor.FromSecret(secret, orderquery.CursorLabel)
	if err != nil {
		return nil, err
	}
	return orderquery.New(orderquery.Deps{Orders: repo, Auth: authn, Cursors: cursors})
}

// gateway serves a function below functionPrefix as the runner's gateway
// does (cmd/ordercenter/internal/gateway, which is internal to the runner):
// the subpath in X-Function-Path, a call id, the body read whole (at most
// 1 MiB), the call observed by the runner's telemetry (a span and the
// call metrics), run in a goroutine of its own under a 30 s limit.
func gateway(fn handler.FunctionHandler, observer *telemetry.FunctionMetrics) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sub, ok := strings.CutPrefix(r.URL.Path, functionPrefix)
		if !ok {
			http.NotFound(w, r)
			return
		}
		body, _ := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
		h := r.Header.Clone()
		h.Set(httpapi.PathHeader, sub)
		h.Set("X-Call-Id", rand.Text())
		ctx, cancel := context.WithTimeout(r.Context(), 30*time.Second)
		defer cancel()
		ctx, end := observer.StartCall(ctx, "order-query", r.Method)
		req := handler.Request{Body: body, Header: h, QueryString: r.URL.RawQuery, Method: r.Method, Host: r.Host}
		req.WithContext(ctx)
		resp := callGuarded(ctx, fn, req)
		end(resp.StatusCode, nil)
		for k, v := range resp.Header {
			w.Header()[k] = v
		}
		w.Header().Set("X-Call-Id", h.Get("X-Call-Id"))
		w.WriteHeader(resp.StatusCode)
		_, _ = w.Write(resp.Body)
	})
}

// callGuarded runs the function in a goroutine of its own and gives up
// when ctx ends first, as the runner's gateway does.
func callGuarded(ctx context.Context, fn handler.FunctionHandler, req handler.Request) handler.Response {
	done := make(chan handler.Response, 1)
	go func() {
		resp, err := fn.Handle(req)
		if err != nil {
			resp = httpapi.Error(err)
		}
		done <- resp
	}()
	select {
	case resp := <-done:
		return resp
	case <-ctx.Done():
		return httpapi.Error(&httpapi.Problem{Code: httpapi.CodeDependencyUnavailable, Message: "timed out"})
	}
}

// token signs a merchant's token of the store (they may read its list and
// each of its orders).
func token(secret []byte, storeID string) (string, error) {
	p := auth.Principal{Subject: "m-" + storeID, Role: auth.RoleMerchant, StoreID: storeID}
	tok, err := auth.Sign(secret, p, 24*time.Hour, time.Now())
	if err != nil {
		return "", fmt.Errorf("sign token: %w", err)
	}
	return tok, nil
}
