package function

import (
	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/app"
)

// Name is the function's name.
const Name = "refund"

var entry = app.Entry(Name, Build)

// Handle is the OpenFaaS entry point.
func Handle(req handler.Request) (handler.Response, error) { return entry.Handle(req) }

// Build makes the refund function over the refund service (the orders
// and the payment provider) and the authenticator, checking the events
// of its queue path against the orders in the store.
func Build(d *app.Deps) (*Function, error) {
	p := d.Parts()
	refunds, auth, orders, proof := p.Refunds(), p.Auth(), p.Reader(), p.EventOrigin()
	if err := p.Err(); err != nil {
		return nil, err
	}
	return New(Deps{Refunds: refunds, Auth: auth, Orders: orders, Logger: d.Log, Origin: proof}), nil
}
