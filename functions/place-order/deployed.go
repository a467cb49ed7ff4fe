package function

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"
	"github.com/redis/go-redis/v9"

	"github.com/ordercenter/ordercenter/shared/catalog"
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
	return platform.Serve(deployed, req, "place-order is starting; try again shortly", 2*time.Second)
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
	repo, _, err := platform.Orders("place-order", getenv, slog.Default())
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
	return New(Deps{Orders: repo, Catalog: cat,
		Redis: redis.NewClient(ropts), Auth: auth, Config: cfg})
}
