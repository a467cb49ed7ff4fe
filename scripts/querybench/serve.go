package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
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
	mux := http.NewServeMux()
	mux.Handle(functionPrefix+"/", gateway(fn, tel.Functions()))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
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

// gateway serves a function below functionPrefix through the one
// net/http adapter the runner's gateway and the template use
// (httpapi.Server), observed by the runner's telemetry, under a 30 s limit.
func gateway(fn handler.FunctionHandler, observer *telemetry.FunctionMetrics) http.Handler {
	return &httpapi.Server{Invoker: httpapi.Invoker{Name: "order-query", Timeout: 30 * time.Second, Observer: observer},
		Function: fn, Subpath: func(r *http.Request) string { return strings.TrimPrefix(r.URL.Path, functionPrefix) }}
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
