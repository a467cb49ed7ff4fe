package function

import (
	"log/slog"
	"os"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

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
var deployed = platform.LazyOnOrders("order-action", func(repo *orderstore.Repository) (*OrderAction, error) {
	return FromEnv(repo, secrets.Dir(os.Getenv), os.Getenv)
})

// Handle is the OpenFaaS entry point.
func Handle(req handler.Request) (handler.Response, error) {
	return platform.Serve(deployed, req, "order-action is not ready yet", 5*time.Second)
}
