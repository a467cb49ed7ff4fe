package function

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"
	"github.com/redis/go-redis/v9"

	"github.com/ordercenter/ordercenter/shared/breaker"
	"github.com/ordercenter/ordercenter/shared/catalog"
	"github.com/ordercenter/ordercenter/shared/guard"
	"github.com/ordercenter/ordercenter/shared/idempotency"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/ratelimit"
	"github.com/ordercenter/ordercenter/shared/reserve"
)

// Orders is what place-order needs of the order repository; an
// *orderstore.Repository (with the events publisher) is one.
type Orders interface {
	CreateOnce(ctx context.Context, o *order.Order, k orderstore.KeyRecord) (orderstore.KeyRecord, error)
	LookupKey(ctx context.Context, userID, key string) (orderstore.KeyRecord, error)
	ForgetKey(ctx context.Context, userID, key, orderID string) error
	Get(ctx context.Context, id string) (*order.Order, error)
	FinishOrder(ctx context.Context, id string) (orderstore.HealReport, error)
	ListByUser(ctx context.Context, userID string, limit int, cursor string) (orderstore.Page, error)
}

// Authenticator names the caller from the request's JWT, or answers a
// 401 Problem; a *httpapi.Authenticator is one.
type Authenticator interface {
	Actor(req handler.Request) (order.Actor, error)
}

// Deps are what place-order runs on.
type Deps struct {
	// Orders stores the orders (master, copies, timeline, events).
	Orders Orders
	// Catalog answers stores, items and coupons.
	Catalog Catalog
	// Redis keeps idempotency records, rate limits, holds, the
	// first-order standing and the catalog cache.
	Redis redis.UniversalClient
	// Auth verifies callers.
	Auth Authenticator
	// Reserver keeps the holds in Redis and the store (app.Deps.Reserver,
	// the one holds and the sweeper use too); nil builds one over Redis
	// with the configuration's prefix and unpaid cap, taking its units in
	// Orders when Orders can (an *orderstore.Repository; tests).
	Reserver *reserve.Reserver
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// Config is the configuration (Validate is applied).
	Config Config
	// Logger receives what cannot be answered (slog.Default() when nil).
	Logger *slog.Logger
}

// PlaceOrder is the place-order use case behind its HTTP handler.
type PlaceOrder struct {
	orders   Orders
	look     *lookups
	standing *guard.Dependency
	reserver *reserve.Reserver
	idem     *idempotency.Store
	limiter  *ratelimit.Limiter
	auth     Authenticator
	now      func() time.Time
	cfg      Config
	log      *slog.Logger
}

// New builds the use case; it connects to nothing.
func New(d Deps) (*PlaceOrder, error) {
	if d.Orders == nil || d.Catalog == nil || d.Redis == nil || d.Auth == nil {
		return nil, errors.New("place-order: Orders, Catalog, Redis and Auth are required")
	}
	if err := d.Config.Validate(); err != nil {
		return nil, err
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	c, p := d.Config, d.Config.RedisPrefix
	if d.Reserver == nil {
		slots, _ := d.Orders.(reserve.Store)
		d.Reserver = reserve.New(d.Redis, reserve.Config{Prefix: p, MaxUnpaid: c.MaxUnpaid, Now: d.Now, Store: slots})
	}
	notFound := func(err error) bool { return !errors.Is(err, catalog.ErrNotFound) }
	dep := func(name string, timeout time.Duration) *guard.Dependency {
		g := guard.NewDependency(name, timeout, breaker.Config{})
		g.Failure = notFound
		return g
	}
	return &PlaceOrder{
		orders: d.Orders,
		look: &lookups{client: d.Catalog, store: dep("catalog store", c.CatalogTimeout),
			items: dep("catalog items", c.CatalogTimeout), coupons: dep("catalog coupon", c.CatalogTimeout),
			cache: guard.NewCache(d.Redis, guard.CacheConfig{Prefix: p + "cache:", TTL: c.CacheTTL,
				LocalTTL: c.LocalCacheTTL, Now: d.Now})},
		standing: guard.NewDependency("first-order standing", c.StandingTimeout, breaker.Config{}),
		reserver: d.Reserver,
		idem:     idempotency.New(d.Redis, idempotency.Config{Prefix: p + "idem:", Now: d.Now}),
		limiter:  ratelimit.New(d.Redis, p+"rl:", d.Now),
		auth:     d.Auth, now: d.Now, cfg: c, log: d.Logger,
	}, nil
}

// Reserver is the reservation side of the use case (tests reach the holds
// through it).
func (p *PlaceOrder) Reserver() *reserve.Reserver { return p.reserver }

// errUncertain marks a failure after which the order may or may not be
// written: the idempotency record keeps its order id, so a retry
// finishes that order rather than starting another.
var errUncertain = errors.New("outcome uncertain")

func uncertain(op string, err error) error {
	return fmt.Errorf("%s: %w: %w", op, errUncertain, err)
}
