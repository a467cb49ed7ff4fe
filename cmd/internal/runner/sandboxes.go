package runner

import (
	"context"
	"fmt"
	"net/http"

	"github.com/ordercenter/ordercenter/shared/catalog/builtin"
	pushsandbox "github.com/ordercenter/ordercenter/shared/push/sandbox"
	"github.com/ordercenter/ordercenter/shared/sandbox"
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
		gw, err := pushsandbox.New(pushsandbox.Config{Prefix: sandbox.PushPrefix})
		if err != nil {
			return err
		}
		r.mux.Handle(sandbox.PushPrefix+"/", gw)
		r.pushSandbox = gw
		r.env.PushGatewayURL = r.URL() + sandbox.PushPrefix
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
	r.mux.Handle(sandbox.CatalogPrefix+"/", http.StripPrefix(sandbox.CatalogPrefix, sandbox.Catalog(cat)))
	r.env.CatalogURL = r.URL() + sandbox.CatalogPrefix
	return nil
}

func (r *Runner) mountPayments() error {
	provider, err := sandbox.Payments(r.URL(), r.env.SecretsDir, r.log)
	if err != nil {
		return err
	}
	r.mux.Handle(sandbox.PaymentsPrefix+"/", provider)
	r.env.PaymentProviderURL = r.URL() + sandbox.PaymentsPrefix
	return nil
}
