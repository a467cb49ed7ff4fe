// Package function is the order-query function (contract section 9): one
// order, its timeline, its payment ledger, the caller's orders and a
// store's orders of a day, each read authorised per section 3 and served
// with one read of the store (two for the ledger: the order, then its
// entries).
//
// Authorisation: a user reads the orders they placed, a merchant those of
// their store, a rider those they picked up and those awaiting pickup,
// customer service every order. Someone else's order answers 404, as one
// that does not exist. An order's payment ledger is its user's and
// customer service's alone: to anyone else it answers 404 too. The lists are per principal: only a user has
// users/me/orders (other roles 403); a store's list is for its merchant and
// customer service, and for riders when filtered by a status awaiting
// pickup (ACCEPTED or READY); anyone else gets 403, since a store's
// existence is no secret (it is in the catalog).
//
// Cursors are opaque and tamper-proof: the store's cursor sealed with
// package pagecursor, bound to the list (the user, or the store, day and
// status). Lists are newest first by order id, so orders placed while a
// client pages come before its cursor and never inside a later page.
package function

import (
	"context"
	"fmt"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/pagecursor"
)

// Orders reads stored orders; *orderstore.Repository implements it.
type Orders interface {
	Get(ctx context.Context, id string) (*order.Order, error)
	GetWithTimeline(ctx context.Context, id string) (*order.Order, []order.Change, error)
	ListByUserJSON(ctx context.Context, userID string, limit int, cursor string) (orderstore.JSONPage, error)
	ListByStoreJSON(ctx context.Context, storeID, day string, status order.Status, limit int, cursor string) (orderstore.JSONPage, error)
}

// Authenticator names the caller of a request, or fails with a 401
// Problem; *httpapi.Authenticator implements it.
type Authenticator interface {
	Actor(req handler.Request) (order.Actor, error)
}

// Deps is what the use case needs.
type Deps struct {
	Orders  Orders
	Ledger  Ledger
	Auth    Authenticator
	Cursors *pagecursor.Sealer
	Config  Config
	// Now is the clock (default time.Now); it decides a store list's
	// default day.
	Now func() time.Time
}

// OrderQuery answers the order-query function's reads.
type OrderQuery struct {
	orders   Orders
	ledger   Ledger
	auth     Authenticator
	cursors  *pagecursor.Sealer
	cfg      Config
	location *time.Location
	now      func() time.Time
}

// New returns the use case over its dependencies, the configuration's
// blanks filled with defaults. It fails when a dependency is missing or
// the configuration is invalid.
func New(d Deps) (*OrderQuery, error) {
	if d.Orders == nil || d.Ledger == nil || d.Auth == nil || d.Cursors == nil {
		return nil, fmt.Errorf("order-query: orders, ledger, authenticator and cursor sealer are required")
	}
	d.Config.setDefaults()
	if err := d.Config.Validate(); err != nil {
		return nil, fmt.Errorf("order-query config: %w", err)
	}
	loc, _ := time.LoadLocation(d.Config.StoreTimezone) // checked by Validate
	if d.Now == nil {
		d.Now = time.Now
	}
	return &OrderQuery{orders: d.Orders, ledger: d.Ledger, auth: newCachedAuth(d.Auth, time.Now), cursors: d.Cursors,
		cfg: d.Config, location: loc, now: d.Now}, nil
}

// Order returns the order as the actor may see it (the phone masked for
// merchants and riders). Someone else's order is errHidden, a missing one
// orderstore.ErrNotFound: both answer 404.
func (q *OrderQuery) Order(ctx context.Context, actor order.Actor, id string) (order.Record, error) {
	o, err := q.orders.Get(ctx, id)
	if err != nil {
		return order.Record{}, err
	}
	if !o.VisibleTo(actor) {
		return order.Record{}, fmt.Errorf("order %s for %s: %w", id, actor, errHidden)
	}
	return o.Record().MaskedFor(actor), nil
}

// Timeline returns every change of the order, oldest first, when the actor
// may see the order.
func (q *OrderQuery) Timeline(ctx context.Context, actor order.Actor, id string) ([]Entry, error) {
	o, changes, err := q.orders.GetWithTimeline(ctx, id)
	if err != nil {
		return nil, err
	}
	if !o.VisibleTo(actor) {
		return nil, fmt.Errorf("timeline of %s for %s: %w", id, actor, errHidden)
	}
	entries := make([]Entry, len(changes))
	for i, c := range changes {
		entries[i] = entryOf(c)
	}
	return entries, nil
}
