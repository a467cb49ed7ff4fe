package function

import (
	"os"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/platform"
	"github.com/ordercenter/ordercenter/shared/refund"
	"github.com/ordercenter/ordercenter/shared/secrets"
)

// deployed is pay-callback as OpenFaaS runs it, wired from the environment
// on its first call (DYNAMODB_*, NATS_URL, PAYMENT_PROVIDER_URL,
// SECRETS_DIR) and again on a later call if that failed.
var deployed = refund.LazyFromEnv(func(w refund.Wiring) (*Function, error) {
	return New(Deps{Orders: w.Orders, Notices: w.Orders.PaymentNotices(), Refunds: w.Refunds,
		Secrets: FileSecrets(secrets.Dir(os.Getenv), 0, time.Now)}), nil
})

// Handle is the OpenFaaS entry point.
func Handle(req handler.Request) (handler.Response, error) {
	return platform.Serve(deployed, req, "pay-callback is starting; retry later", 5*time.Second)
}
