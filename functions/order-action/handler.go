package function

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/nats-io/nats.go"
	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/platform"
	"github.com/ordercenter/ordercenter/shared/secrets"
)

// FromEnv wires the use case over a repository: the authenticator from the
// jwt-secret in secretsDir, the configuration from getenv. The local
// runner calls it with its own repository; Handle with one over the store
// and NATS the environment names.
func FromEnv(orders Orders, secretsDir string, getenv platform.Getenv) (*OrderAction, error) {
	cfg, err := ConfigFromEnv(getenv)
	if err != nil {
		return nil, err
	}
	auth, err := platform.AuthenticatorFromSecrets(secretsDir)
	if err != nil {
		return nil, err
	}
	slog.Info("order-action configured", "config", cfg)
	return New(Deps{Orders: orders, Auth: auth, Config: cfg})
}

// deployed is the function as OpenFaaS runs it, wired from the environment
// on its first call (and again on a later call if that failed).
var deployed = platform.NewLazy(func(context.Context) (*OrderAction, error) {
	store, err := platform.Store(os.Getenv)
	if err != nil {
		return nil, err
	}
	url := os.Getenv("NATS_URL")
	if url == "" {
		slog.Warn("NATS_URL not set: order events stay on the timeline, unpublished")
		return FromEnv(orderstore.New(store, orderstore.Options{}), secrets.Dir(os.Getenv), os.Getenv)
	}
	nc, err := nats.Connect(url, nats.Name("order-action"), nats.MaxReconnects(-1),
		nats.RetryOnFailedConnect(true))
	if err != nil {
		return nil, fmt.Errorf("nats %s: %w", url, err)
	}
	a, err := wireWithNATS(store, nc)
	if err != nil {
		nc.Close()
	}
	return a, err
})

// wireWithNATS wires the use case over the store, publishing order events
// through nc.
func wireWithNATS(store kv.Store, nc *nats.Conn) (*OrderAction, error) {
	pub, err := events.NewPublisher(nc)
	if err != nil {
		return nil, err
	}
	repo := orderstore.New(store, orderstore.Options{Publisher: pub})
	return FromEnv(repo, secrets.Dir(os.Getenv), os.Getenv)
}

// Handle is the OpenFaaS entry point.
func Handle(req handler.Request) (handler.Response, error) {
	a, err := deployed.Get(requestContext(req))
	if err != nil {
		slog.ErrorContext(requestContext(req), "order-action not wired", "err", err)
		return httpapi.Error(&httpapi.Problem{Code: httpapi.CodeDependencyUnavailable,
			Message: "order-action is not ready yet", RetryAfter: 5 * time.Second}), nil
	}
	return a.Handle(req)
}
