package runner

import (
	"context"
	"fmt"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/cmd/internal/gateway"
	holds "github.com/ordercenter/ordercenter/functions/holds"
	orderaction "github.com/ordercenter/ordercenter/functions/order-action"
	orderquery "github.com/ordercenter/ordercenter/functions/order-query"
	paycallback "github.com/ordercenter/ordercenter/functions/pay-callback"
	placeorder "github.com/ordercenter/ordercenter/functions/place-order"
	pushnotify "github.com/ordercenter/ordercenter/functions/push-notify"
	refundfn "github.com/ordercenter/ordercenter/functions/refund"
	sweeper "github.com/ordercenter/ordercenter/functions/sweeper"
	"github.com/ordercenter/ordercenter/shared/app"
)

// SweeperName is the sweeper function's name.
const SweeperName = sweeper.Name

// function is one function as the runner serves it: built by the same
// constructor a deployment's OpenFaaS entry calls.
type function struct {
	name  string
	build func(*app.Deps) (handler.FunctionHandler, error)
}

// built adapts a function's Build to the gateway's handler type.
func built[H handler.FunctionHandler](name string, build func(*app.Deps) (H, error)) function {
	return function{name: name, build: func(d *app.Deps) (handler.FunctionHandler, error) { return build(d) }}
}

// functions lists every function of the order center.
func functions() []function {
	return []function{
		built(placeorder.Name, placeorder.Build),
		built(paycallback.Name, paycallback.Build),
		built(refundfn.Name, refundfn.Build),
		built(holds.Name, holds.Build),
		built(pushnotify.Name, pushnotify.Build),
		built(orderquery.Name, orderquery.Build),
		built(orderaction.Name, orderaction.Build),
		built(sweeper.Name, sweeper.Build),
	}
}

// registerFunctions serves every function, built over the runner's own
// parts: its store, NATS connection and Redis client.
func (r *Runner) registerFunctions(context.Context) error {
	r.gateway = gateway.New(gateway.Config{Observer: r.tel.Functions(), MaxConcurrentCalls: r.env.MaxConcurrentCalls})
	r.deps = app.New("ordercenter", r.env, app.WithStore(r.store), app.WithNATS(r.nc),
		app.WithRedis(r.redis), app.WithLogger(r.log), app.WithMeterProvider(r.tel.MeterProvider()),
		app.WithTracerProvider(r.tel.TracerProvider()))
	for _, f := range functions() {
		h, err := f.build(r.deps)
		if err != nil {
			return fmt.Errorf("%s: %w", f.name, err)
		}
		r.gateway.Register(f.name, withStatus{FunctionHandler: h, health: r.deps.Health})
		r.tel.Functions().Declare(f.name)
	}
	for name, fn := range r.cfg.Functions {
		r.gateway.Register(name, fn)
	}
	return nil
}

// withStatus answers GET /function/<name>/_/status with the health of the
// runner's parts, as a deployed function's entry answers it with its own
// (app.Status); every other call is the function's.
type withStatus struct {
	handler.FunctionHandler
	health func(context.Context) app.Health
}

// Handle answers the status path, or hands the call on.
func (f withStatus) Handle(req handler.Request) (handler.Response, error) {
	if resp, ok := app.Status(req, f.health); ok {
		return resp, nil
	}
	return f.FunctionHandler.Handle(req)
}
