package function

import (
	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/app"
)

// Name is the function's name.
const Name = "order-action"

var entry = app.Entry(Name, Build)

// Handle is the OpenFaaS entry point.
func Handle(req handler.Request) (handler.Response, error) { return entry.Handle(req) }

// Build makes order-action over the orders and the authenticator.
func Build(d *app.Deps) (*OrderAction, error) {
	p := d.Parts()
	orders, auth := p.Orders(), p.Auth()
	if err := p.Err(); err != nil {
		return nil, err
	}
	return New(Deps{Orders: orders, Auth: auth, Config: Config{Timeout: d.Config.ActionTimeout},
		Now: d.Now, Logger: d.Log})
}
