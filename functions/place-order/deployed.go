package function

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/nats-io/nats.go"
	handler "github.com/openfaas/templates-sdk/go-http"
	"github.com/redis/go-redis/v9"

	"github.com/ordercenter/ordercenter/shared/catalog"
	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/platform"
)

// DefaultSecretsDir is where OpenFaaS mounts secrets.
const DefaultSecretsDir = "/var/openfaas/secrets"

// deployed is place-order as OpenFaaS runs it, wired from the environment
// on its first call (and again on a later call if that failed).
var deployed = platform.NewLazy(func(context.Context) (*PlaceOrder, error) {
	return FromEnv(os.Getenv)
})

// Handle is the OpenFaaS entry point.
func Handle(req handler.Request) (handler.Response, error) {
	p, err := deployed.Get(requestContext(req))
	if err != nil {
		return httpapi.Error(&httpapi.Problem{Code: httpapi.CodeDependencyUnavailable,
			Message: "place-order is starting; try again shortly", RetryAfter: 2 * time.Second}), nil
	}
	return p.Handle(req)
}

// FromEnv builds the use case from the environment (contract section 2):
// DYNAMODB_ENDPOINT and DYNAMODB_TABLE for the store, NATS_URL for the
// events publisher, REDIS_URL, CATALOG_URL, SECRETS_DIR for the
// jwt-secret, and the variables ConfigFromEnv reads. It connects to
// nothing but NATS, which it joins in the background.
func FromEnv(getenv func(string) string) (*PlaceOrder, error) {
	cfg, err := ConfigFromEnv(getenv)
	if err != nil {
		return nil, err
	}
	store, err := platform.Store(getenv)
	if err != nil {
		return nil, err
	}
	nc, err := nats.Connect(getenv("NATS_URL"), nats.Name("place-order"), nats.MaxReconnects(-1),
		nats.RetryOnFailedConnect(true))
	if err != nil {
		return nil, fmt.Errorf("place-order: nats: %w", err)
	}
	pub, err := events.NewPublisher(nc)
	if err != nil {
		return nil, err
	}
	ropts, err := redis.ParseURL(getenv("REDIS_URL"))
	if err != nil {
		return nil, fmt.Errorf("place-order: REDIS_URL: %w", err)
	}
	cat, err := catalog.New(getenv(catalog.EnvURL))
	if err != nil {
		return nil, err
	}
	dir := getenv("SECRETS_DIR")
	if dir == "" {
		dir = DefaultSecretsDir
	}
	auth, err := platform.AuthenticatorFromSecrets(dir)
	if err != nil {
		return nil, err
	}
	return New(Deps{Orders: orderstore.New(store, orderstore.Options{Publisher: pub}), Catalog: cat,
		Redis: redis.NewClient(ropts), Auth: auth, Config: cfg})
}
