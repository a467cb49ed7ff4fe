package function

import (
	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/app"
)

var entry = app.Entry(Name, Build)

// Handle is the OpenFaaS entry point.
func Handle(req handler.Request) (handler.Response, error) { return entry.Handle(req) }

// Build makes push-notify over the push gateway and the Redis its
// instances share, with the configuration's limits per recipient,
// checking each event against the orders in the store.
func Build(d *app.Deps) (*Notifier, error) {
	p := d.Parts()
	gateway, rdb, orders, proof := p.Push(), p.Redis(), p.Reader(), p.EventOrigin()
	if err := p.Err(); err != nil {
		return nil, err
	}
	cfg := DefaultConfig()
	cfg.KeyPrefix = d.Config.Push.KeyPrefix
	cfg.RateLimit, cfg.MerchantRateLimit = d.Config.Push.RateLimit, d.Config.Push.MerchantRateLimit
	return New(Deps{Push: gateway, Redis: rdb, Orders: orders, Config: cfg, Now: d.Now, Log: d.Log, Origin: proof,
		Tracing: d.Tracing})
}
