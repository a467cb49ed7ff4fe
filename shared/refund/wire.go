package refund

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/payment/provider"
	"github.com/ordercenter/ordercenter/shared/platform"
	"github.com/ordercenter/ordercenter/shared/secrets"
)

// Wiring is what a deployed function builds from its environment.
type Wiring struct {
	Store   kv.Store
	Orders  *orderstore.Repository
	Refunds *Service
}

// FromEnv wires the refund service as OpenFaaS runs it (contract section
// 2): the orders of platform.Orders, with events published to NATS_URL
// (none when unset: the healer publishes nothing either, so set it), the
// provider at PAYMENT_PROVIDER_URL with the payment-api-key secret when
// there is one (unset: refunds are recorded, never carried out, as
// pay-callback needs), and AFTER_SALES_WINDOW. Nothing connects before it
// is needed.
func FromEnv(ctx context.Context, getenv platform.Getenv, log *slog.Logger) (Wiring, error) {
	repo, store, err := platform.Orders("ordercenter-refunds", getenv, log)
	if err != nil {
		return Wiring{}, err
	}
	cfg, err := ConfigFromEnv(getenv)
	if err != nil {
		return Wiring{}, err
	}
	deps := Deps{Orders: repo, Index: repo.RefundIndex(), Config: cfg, Logger: log}
	if getenv("PAYMENT_PROVIDER_URL") != "" { // pay-callback records returns without calling it
		if deps.Provider, err = ProviderFromEnv(getenv); err != nil {
			return Wiring{}, err
		}
	}
	svc, err := New(deps)
	return Wiring{Store: store, Orders: repo, Refunds: svc}, err
}

// LazyFromEnv is the deployed wiring of a function over the refund
// service: on its first call (and again after a failed one) it wires
// FromEnv from the process's environment and hands the Wiring to wire.
func LazyFromEnv[H any](wire func(Wiring) (H, error)) *platform.Lazy[H] {
	return platform.NewLazy(func(ctx context.Context) (H, error) {
		w, err := FromEnv(ctx, os.Getenv, slog.Default())
		if err != nil {
			var zero H
			return zero, err
		}
		return wire(w)
	})
}

// ConfigFromEnv reads AFTER_SALES_WINDOW (a Go duration) into a Config.
func ConfigFromEnv(getenv platform.Getenv) (Config, error) {
	var cfg Config
	if v := getenv("AFTER_SALES_WINDOW"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return cfg, fmt.Errorf("AFTER_SALES_WINDOW %q: want a positive Go duration such as 168h", v)
		}
		cfg.AfterSalesWindow = d
	}
	return cfg, nil
}

// ProviderFromEnv builds the client of the provider at
// PAYMENT_PROVIDER_URL, presenting the payment-api-key secret when the
// secrets directory holds one.
func ProviderFromEnv(getenv platform.Getenv) (*provider.Client, error) {
	key, err := secrets.Read(secrets.Dir(getenv), secrets.PaymentAPIKey)
	if err != nil {
		key = nil // optional: the sandbox needs none
	}
	return provider.New(provider.Config{URL: getenv("PAYMENT_PROVIDER_URL"), APIKey: string(key)})
}
