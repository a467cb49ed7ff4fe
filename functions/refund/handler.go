package function

import (
	"os"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/platform"
	"github.com/ordercenter/ordercenter/shared/refund"
	"github.com/ordercenter/ordercenter/shared/secrets"
)

// deployed is the function as OpenFaaS runs it, wired from the environment
// on its first call (DYNAMODB_*, NATS_URL, PAYMENT_PROVIDER_URL,
// AFTER_SALES_WINDOW, SECRETS_DIR) and again on a later call if that
// failed.
var deployed = refund.LazyFromEnv(func(w refund.Wiring) (*Function, error) {
	auth, err := platform.AuthenticatorFromSecrets(secrets.Dir(os.Getenv))
	if err != nil {
		return nil, err
	}
	return New(Deps{Refunds: w.Refunds, Auth: auth}), nil
})

// Handle is the OpenFaaS entry point.
func Handle(req handler.Request) (handler.Response, error) {
	return platform.Serve(deployed, req, "the refund function is starting; try again", 5*time.Second)
}
