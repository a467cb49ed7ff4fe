package function

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/pagecursor"
	"github.com/ordercenter/ordercenter/shared/platform"
	"github.com/ordercenter/ordercenter/shared/secrets"
)

// CursorLabel names the use of the key that seals this function's
// cursors, derived from the jwt-secret (see pagecursor.FromSecret).
const CursorLabel = "order-query"

// FromEnv wires the use case over a repository: the authenticator and the
// cursor key from the jwt-secret in secretsDir, the configuration from
// getenv. The local runner calls it with its own repository; Handle with
// one over the store the environment names.
func FromEnv(orders Orders, secretsDir string, getenv platform.Getenv) (*OrderQuery, error) {
	cfg, err := ConfigFromEnv(getenv)
	if err != nil {
		return nil, err
	}
	auth, err := platform.AuthenticatorFromSecrets(secretsDir)
	if err != nil {
		return nil, err
	}
	jwtSecret, err := secrets.Read(secretsDir, secrets.JWTSecret)
	if err != nil {
		return nil, fmt.Errorf("cursor key: %w", err)
	}
	cursors, err := pagecursor.FromSecret(jwtSecret, CursorLabel)
	if err != nil {
		return nil, err
	}
	slog.Info("order-query configured", "config", cfg)
	return New(Deps{Orders: orders, Auth: auth, Cursors: cursors, Config: cfg})
}

// deployed is the function as OpenFaaS runs it, wired from the environment
// on its first call (and again on a later call if that failed). It only
// reads, so its repository has no events publisher and it opens no NATS
// connection.
var deployed = platform.NewLazy(func(context.Context) (*OrderQuery, error) {
	store, err := platform.Store(os.Getenv)
	if err != nil {
		return nil, err
	}
	return FromEnv(orderstore.New(store, orderstore.Options{}), secrets.Dir(os.Getenv), os.Getenv)
})

// Handle is the OpenFaaS entry point.
func Handle(req handler.Request) (handler.Response, error) {
	return platform.Serve(deployed, req, "order-query is not ready yet", 5*time.Second)
}
