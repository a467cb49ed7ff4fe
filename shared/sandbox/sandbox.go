// Package sandbox holds what the local runner and the deployment
// rehearsal both serve besides the functions: where the built-in catalog,
// the sandbox payment provider and the sandbox push gateway are mounted,
// the provider wired to sign its webhooks with the secrets on disk, and
// the built-in catalog served with a fault switch (Catalog). The
// sandboxes themselves are payment/sandbox, push/sandbox and
// catalog/builtin; the subpackages here are their shared parts.
package sandbox

import (
	"log/slog"

	paysandbox "github.com/ordercenter/ordercenter/shared/payment/sandbox"
	"github.com/ordercenter/ordercenter/shared/secrets"
	"github.com/ordercenter/ordercenter/shared/signature"
)

// Where the built-ins are served, below the gateway's base URL.
const (
	CatalogPrefix  = "/sandbox/catalog"
	PaymentsPrefix = "/sandbox/payments"
	PushPrefix     = "/sandbox/push"
)

// Payments is the sandbox payment provider served at base+PaymentsPrefix,
// sending its webhooks to base's pay-callback, signed with the
// payment-webhook-secret of secretsDir read afresh for every webhook (a
// rotation on disk is picked up by the sandbox as by the function).
func Payments(base, secretsDir string, log *slog.Logger) (*paysandbox.Provider, error) {
	return paysandbox.New(paysandbox.Config{Prefix: PaymentsPrefix, WebhookURL: base + "/function/pay-callback",
		Secrets: webhookSecrets(secretsDir, log), Logger: log})
}

func webhookSecrets(dir string, log *slog.Logger) func() [][]byte {
	return func() [][]byte {
		raw, err := secrets.Read(dir, secrets.PaymentWebhookSecret)
		if err != nil {
			log.Error("sandbox payment provider has no webhook secret", "err", err)
			return nil
		}
		return signature.ParseSecrets(raw)
	}
}
