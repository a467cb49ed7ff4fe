package function

import (
	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/app"
)

// Name is the function's name.
const Name = "place-order"

var entry = app.Entry(Name, Build)

// Handle is the OpenFaaS entry point.
func Handle(req handler.Request) (handler.Response, error) { return entry.Handle(req) }

// Build makes place-order over the order center's parts: the orders
// (store and events), the catalog, Redis (idempotency, rate limits,
// holds, caches), the authenticator, and the configuration's timers and
// abuse limits. It connects to nothing but NATS, joined in the
// background.
func Build(d *app.Deps) (*PlaceOrder, error) {
	p := d.Parts()
	orders, cat, rdb, auth, holds := p.Orders(), p.Catalog(), p.Redis(), p.Auth(), p.Reserver()
	if err := p.Err(); err != nil {
		return nil, err
	}
	return New(Deps{Orders: orders, Catalog: cat, Redis: rdb, Auth: auth, Reserver: holds,
		Config: configOf(d.Config), Now: d.Now, Logger: d.Log})
}

// configOf is place-order's configuration: the defaults, with what the
// environment sets.
func configOf(c app.Config) Config {
	cfg := DefaultConfig()
	cfg.PayTimeout = c.Timers.PayTimeout
	cfg.PerUser, cfg.PerAddress = c.PlaceOrder.PerUser, c.PlaceOrder.PerAddress
	cfg.MaxUnpaid, cfg.TrustedHops = c.PlaceOrder.MaxUnpaid, c.PlaceOrder.TrustedHops
	cfg.RedisPrefix = c.RedisKeyPrefix
	return cfg
}
