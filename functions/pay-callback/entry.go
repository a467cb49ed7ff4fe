package function

import (
	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/app"
)

// Name is the function's name.
const Name = "pay-callback"

var entry = app.Entry(Name, Build)

// Handle is the OpenFaaS entry point.
func Handle(req handler.Request) (handler.Response, error) { return entry.Handle(req) }

// Build makes pay-callback over the orders (and their payment ledgers),
// the refund service (payment returns) and the payment-webhook-secret
// file of the secrets directory.
func Build(d *app.Deps) (*Function, error) {
	p := d.Parts()
	orders, entries, refunds := p.Orders(), p.PaymentLedger(), p.Refunds()
	if err := p.Err(); err != nil {
		return nil, err
	}
	webhookSecrets, err := FileSecrets(d.Config.SecretsDir, 0, d.Now)
	if err != nil {
		return nil, err
	}
	return New(Deps{Orders: orders, Ledger: entries, Refunds: refunds,
		Secrets: webhookSecrets, Now: d.Now, Logger: d.Log}), nil
}
