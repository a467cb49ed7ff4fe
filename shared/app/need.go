package app

import (
	"errors"

	"github.com/nats-io/nats.go"
	"github.com/redis/go-redis/v9"

	"github.com/ordercenter/ordercenter/shared/catalog"
	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/origin"
	"github.com/ordercenter/ordercenter/shared/payment/ledger"
	"github.com/ordercenter/ordercenter/shared/payment/provider"
	"github.com/ordercenter/ordercenter/shared/push"
	"github.com/ordercenter/ordercenter/shared/refund"
	"github.com/ordercenter/ordercenter/shared/reserve"
)

// Parts takes the parts one function is built from, keeping every error
// for Err, so that a Build reads as the list of what it needs:
//
//	p := d.Parts()
//	orders, auth := p.Orders(), p.Auth()
//	if err := p.Err(); err != nil {
//		return nil, err
//	}
//
// A part that failed is its zero value. Use one Parts per Build.
type Parts struct {
	d    *Deps
	errs []error
}

// Parts starts taking parts of d.
func (d *Deps) Parts() *Parts { return &Parts{d: d} }

// Err is every failure of the parts taken, joined; nil when there was
// none.
func (p *Parts) Err() error { return errors.Join(p.errs...) }

func take[T any](p *Parts, get func() (T, error)) T {
	v, err := get()
	if err != nil {
		p.errs = append(p.errs, err)
	}
	return v
}

// Store is Deps.Store.
func (p *Parts) Store() kv.Store { return take(p, p.d.Store) }

// Orders is Deps.Orders.
func (p *Parts) Orders() *orderstore.Repository { return take(p, p.d.Orders) }

// Reader is Deps.Reader.
func (p *Parts) Reader() *orderstore.Repository { return take(p, p.d.Reader) }

// NATS is Deps.NATS.
func (p *Parts) NATS() *nats.Conn { return take(p, p.d.NATS) }

// Redis is Deps.Redis.
func (p *Parts) Redis() redis.UniversalClient { return take(p, p.d.Redis) }

// Reserver is Deps.Reserver.
func (p *Parts) Reserver() *reserve.Reserver { return take(p, p.d.Reserver) }

// Auth is Deps.Auth.
func (p *Parts) Auth() *httpapi.Authenticator { return take(p, p.d.Auth) }

// Catalog is Deps.Catalog.
func (p *Parts) Catalog() *catalog.Client { return take(p, p.d.Catalog) }

// Payments is Deps.Payments.
func (p *Parts) Payments() *provider.Client { return take(p, p.d.Payments) }

// Push is Deps.Push.
func (p *Parts) Push() *push.Client { return take(p, p.d.Push) }

// PaymentLedger is Deps.PaymentLedger.
func (p *Parts) PaymentLedger() *ledger.Recorder { return take(p, p.d.PaymentLedger) }

// Refunds is Deps.Refunds.
func (p *Parts) Refunds() *refund.Service { return take(p, p.d.Refunds) }

// Signer is Deps.Signer.
func (p *Parts) Signer() *origin.Signer { return take(p, p.d.Signer) }

// EventOrigin is Deps.EventOrigin.
func (p *Parts) EventOrigin() *origin.Verifier { return take(p, p.d.EventOrigin) }

// ScheduleOrigin is Deps.ScheduleOrigin.
func (p *Parts) ScheduleOrigin() *origin.Verifier { return take(p, p.d.ScheduleOrigin) }
