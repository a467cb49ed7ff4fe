package refund

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/ordercenter/ordercenter/shared/events"
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
// 2): the store from DYNAMODB_*, events published to NATS_URL (none when
// unset: the healer publishes nothing either, so set it), the provider at
// PAYMENT_PROVIDER_URL with the payment-api-key secret when there is one
// (unset: refunds are recorded, never carried out, as pay-callback needs),
// and AFTER_SALES_WINDOW. Nothing connects before it is needed.
func FromEnv(ctx context.Context, getenv platform.Getenv, log *slog.Logger) (Wiring, error) {
	store, err := platform.Store(getenv)
	if err != nil {
		return Wiring{}, err
	}
	opts := orderstore.Options{Logger: log}
	if url := getenv("NATS_URL"); url != "" {
		nc, err := nats.Connect(url, nats.Name("ordercenter-refunds"), nats.MaxReconnects(-1),
			nats.RetryOnFailedConnect(true))
		if err != nil {
			return Wiring{}, fmt.Errorf("nats: %w", err)
		}
		if opts.Publisher, err = events.NewPublisher(nc); err != nil {
			return Wiring{}, err
		}
	}
	cfg, err := ConfigFromEnv(getenv)
	if err != nil {
		return Wiring{}, err
	}
	deps := Deps{Store: store, Config: cfg, Logger: log}
	if getenv("PAYMENT_PROVIDER_URL") != "" { // pay-callback records returns without calling it
		if deps.Provider, err = ProviderFromEnv(getenv); err != nil {
			return Wiring{}, err
		}
	}
	repo := orderstore.New(store, opts)
	deps.Orders = repo
	svc, err := New(deps)
	return Wiring{Store: store, Orders: repo, Refunds: svc}, err
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
