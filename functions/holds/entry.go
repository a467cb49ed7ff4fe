package function

import (
	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/app"
)

// Name is the function's name.
const Name = "holds"

var entry = app.Entry(Name, Build)

// Handle is the OpenFaaS entry point.
func Handle(req handler.Request) (handler.Response, error) { return entry.Handle(req) }

// Build makes holds over the order center's reservations in Redis, the
// same keys place-order holds under, checking each event against the
// orders in the store.
func Build(d *app.Deps) (*Holds, error) {
	p := d.Parts()
	r, orders, proof := p.Reserver(), p.Reader(), p.EventOrigin()
	if err := p.Err(); err != nil {
		return nil, err
	}
	return New(Deps{Settler: r, Orders: orders, Log: d.Log, Origin: proof}), nil
}
