package function

import (
	"context"
	"log/slog"
	"os"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/platform"
	"github.com/ordercenter/ordercenter/shared/refund"
	"github.com/ordercenter/ordercenter/shared/secrets"
)

// deployed is pay-callback as OpenFaaS runs it, wired from the environment
// on its first call (DYNAMODB_*, NATS_URL, PAYMENT_PROVIDER_URL,
// SECRETS_DIR) and again on a later call if that failed.
var deployed = platform.NewLazy(func(ctx context.Context) (*Function, error) {
	w, err := refund.FromEnv(ctx, os.Getenv, slog.Default())
	if err != nil {
		return nil, err
	}
	return New(Deps{Orders: w.Orders, Store: w.Store, Refunds: w.Refunds,
		Secrets: FileSecrets(secrets.Dir(os.Getenv), 0, time.Now)}), nil
})

// Handle is the OpenFaaS entry point.
func Handle(req handler.Request) (handler.Response, error) {
	f, err := deployed.Get(requestContext(req))
	if err != nil {
		slog.Error("pay-callback not wired", "err", err)
		return httpapi.Error(&httpapi.Problem{Code: httpapi.CodeDependencyUnavailable,
			Message: "pay-callback is starting; retry later", RetryAfter: 5 * time.Second}), nil
	}
	return f.Handle(req)
}
