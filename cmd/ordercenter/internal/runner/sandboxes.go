package runner

import (
	"context"
	"fmt"
	"net/http"

	"github.com/ordercenter/ordercenter/shared/catalog/builtin"
	paysandbox "github.com/ordercenter/ordercenter/shared/payment/sandbox"
	pushsandbox "github.com/ordercenter/ordercenter/shared/push/sandbox"
	"github.com/ordercenter/ordercenter/shared/secrets"
	"github.com/ordercenter/ordercenter/shared/signature"
)

// Where the built-ins are served.
const (
	catalogPrefix  = "/sandbox/catalog"
	paymentsPrefix = "/sandbox/payments"
	pushPrefix     = "/sandbox/push"
)

// mountSandboxes serves the built-in catalog, payment provider and push
// gateway where no external one is configured, and points the functions at
// whichever is used.
func (r *Runner) mountSandboxes(context.Context) error {
	if r.env.CatalogURL == "" {
		if err := r.mountCatalog(); err != nil {
			return err
		}
	}
	if r.env.PaymentProviderURL == "" {
		if err := r.mountPayments(); err != nil {
			return err
		}
	}
	if r.env.PushGatewayURL == "" {
		gw, err := pushsandbox.New(pushsandbox.Config{Prefix: pushPrefix})
		if err != nil {
			return err
		}
		r.mux.Handle(pushPrefix+"/", gw)
		r.pushSandbox = gw
		r.env.PushGatewayURL = r.URL() + pushPrefix
	}
	return nil
}

func (r *Runner) mountCatalog() error {
	cat := builtin.Demo()
	if r.cfg.CatalogFile != "" {
		loaded, err := builtin.Load(r.cfg.CatalogFile)
		if err != nil {
			return fmt.Errorf("catalog: %w", err)
		}
		cat = loaded
	}
	r.mux.Handle(catalogPrefix+"/", http.StripPrefix(catalogPrefix, cat.Handler()))
	r.env.CatalogURL = r.URL() + catalogPrefix
	return nil
}

func (r *Runner) mountPayments() error {
	provider, err := paysandbox.New(paysandbox.Config{
		Prefix:     paymentsPrefix,
		WebhookURL: r.URL() + "/function/pay-callback",
		Secrets:    r.webhookSecrets,
		Logger:     r.log,
	})
	if err != nil {
		return err
	}
	r.mux.Handle(paymentsPrefix+"/", provider)
	r.env.PaymentProviderURL = r.URL() + paymentsPrefix
	return nil
}

// webhookSecrets reads the webhook secrets afresh, so a rotation on disk is
// picked up by the sandbox as by the function.
func (r *Runner) webhookSecrets() [][]byte {
	raw, err := secrets.Read(r.env.SecretsDir, secrets.PaymentWebhookSecret)
	if err != nil {
		r.log.Error("sandbox payment provider has no webhook secret", "err", err)
		return nil
	}
	return signature.ParseSecrets(raw)
}
