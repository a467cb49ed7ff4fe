package app

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/nats-io/nats.go"
	"github.com/redis/go-redis/v9"

	"github.com/ordercenter/ordercenter/shared/catalog"
	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/dynamokv"
	"github.com/ordercenter/ordercenter/shared/natsconn"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/origin"
	"github.com/ordercenter/ordercenter/shared/payment/ledger"
	"github.com/ordercenter/ordercenter/shared/payment/provider"
	"github.com/ordercenter/ordercenter/shared/push"
	"github.com/ordercenter/ordercenter/shared/redisclient"
	"github.com/ordercenter/ordercenter/shared/refund"
	"github.com/ordercenter/ordercenter/shared/reserve"
	"github.com/ordercenter/ordercenter/shared/secrets"
)

// Store is the DynamoDB-compatible table of Config.Store (no network
// call), or the store given WithStore.
func (d *Deps) Store() (kv.Store, error) {
	return d.store.get(func() (kv.Store, error) {
		s := d.Config.Store
		store, err := dynamokv.New(dynamokv.Config{Endpoint: s.Endpoint, Table: s.Table, Transactions: s.Transactions,
			TracerProvider: d.Tracing})
		if err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		return store, nil
	})
}

// Orders is the order repository over Store, publishing the events of its
// changes over NATS. Without NATS_URL (and no connection given) it
// publishes nothing: the events stay on the timelines, and a warning says
// so.
func (d *Deps) Orders() (*orderstore.Repository, error) {
	return d.orders.get(func() (*orderstore.Repository, error) {
		store, err := d.Store()
		if err != nil {
			return nil, err
		}
		figures, err := d.Metrics()
		if err != nil {
			return nil, err
		}
		opts := orderstore.Options{Logger: d.Log, Observer: figures}
		nc, err := d.NATS()
		switch {
		case errors.Is(err, errNoNATS):
			d.Log.Warn("NATS_URL not set: order events stay on the timeline, unpublished")
		case err != nil:
			return nil, err
		default:
			signer, err := d.Signer()
			if err != nil {
				return nil, err
			}
			publisher, err := events.NewPublisher(nc, signer, events.WithTracerProvider(d.Tracing))
			if err != nil {
				return nil, err
			}
			opts.Publisher = figures.Publisher(publisher)
		}
		return orderstore.New(store, opts), nil
	})
}

// Reader is a repository over Store that only reads: it opens no NATS
// connection (order-query).
func (d *Deps) Reader() (*orderstore.Repository, error) {
	return d.reader.get(func() (*orderstore.Repository, error) {
		store, err := d.Store()
		if err != nil {
			return nil, err
		}
		return orderstore.New(store, orderstore.Options{Logger: d.Log}), nil
	})
}

// errNoNATS: NATS_URL is not set and no connection was given.
var errNoNATS = errors.New("NATS_URL not set")

// NATS is the connection to the servers of NATS_URL, named after the
// process and proved with the NATS secret files (package natsconn):
// joined in the background and retried while no server answers, failing
// the build, naming the cause, when a server refuses the credentials or
// its certificate is not trusted. Or the connection given WithNATS.
func (d *Deps) NATS() (*nats.Conn, error) {
	return d.nats.get(func() (*nats.Conn, error) {
		if d.Config.NATSURL == "" {
			return nil, errNoNATS
		}
		nc, err := natsconn.Connect(natsconn.Config{URL: d.Config.NATSURL, Name: d.Name,
			SecretsDir: d.Config.SecretsDir, Log: d.Log})
		if err != nil {
			return nil, err
		}
		d.onClose(func() error { nc.Close(); return nil })
		return nc, nil
	})
}

// Redis is the client of the Redis the configuration names (one server,
// a cluster or a Sentinel-watched primary), authenticated with the
// secret files (package redisclient), or the one given WithRedis. It
// sends one PING (redisclient.Check): credentials or certificates that
// Redis refuses fail the build, naming the cause; an unreachable Redis
// is logged and the client kept (its breaker and the store behind Redis
// carry the calls).
//
// Deps builds the Redis of a deployment (every function, and ocadmin);
// the local runner brings its own (WithRedis). So a password in
// REDIS_URL is refused here: deployed, it belongs in the secret
// redis-password, never in the environment.
func (d *Deps) Redis() (redis.UniversalClient, error) {
	return d.redis.get(func() (redis.UniversalClient, error) {
		cfg := d.Config.Redis
		if u, err := url.Parse(cfg.URL); err == nil && u.User != nil {
			if _, ok := u.User.Password(); ok {
				return nil, errors.New("REDIS_URL holds a password: put it in the secret redis-password and leave it out of the URL")
			}
		}
		rdb, err := redisclient.New(cfg, d.Config.SecretsDir, redisclient.WithTracerProvider(d.Tracing))
		if err != nil {
			return nil, fmt.Errorf("redis: %w", err)
		}
		if err := rdb.Check(context.Background(), d.Log); err != nil {
			_ = rdb.Close()
			return nil, err
		}
		d.onClose(rdb.Close)
		return rdb, nil
	})
}

// Reserver keeps the stock and coupon holds, the unpaid cap and the
// first-order standing in Redis under REDIS_KEY_PREFIX (the same keys for
// place-order, holds and the sweeper), each unit taken in the store too
// (its slots, through Reader: they publish nothing).
func (d *Deps) Reserver() (*reserve.Reserver, error) {
	return d.reserver.get(func() (*reserve.Reserver, error) {
		rdb, err := d.Redis()
		if err != nil {
			return nil, err
		}
		slots, err := d.Reader()
		if err != nil {
			return nil, err
		}
		figures, err := d.Metrics()
		if err != nil {
			return nil, err
		}
		return reserve.New(rdb, reserve.Config{Prefix: d.Config.RedisKeyPrefix,
			MaxUnpaid: d.Config.PlaceOrder.MaxUnpaid, Now: d.Now, Store: slots,
			Rebuilt: figures.BackstopRebuilt}), nil
	})
}

// Auth verifies bearer tokens with the keys of the jwt-secret file (read
// again as it is rotated), refusing those living longer than
// MAX_TOKEN_TTL.
func (d *Deps) Auth() (*httpapi.Authenticator, error) {
	return d.auth.get(func() (*httpapi.Authenticator, error) {
		return httpapi.AuthenticatorFromSecrets(d.Config.SecretsDir, d.Config.MaxTokenTTL)
	})
}

// Catalog is the client of CATALOG_URL.
func (d *Deps) Catalog() (*catalog.Client, error) {
	return d.catalog.get(func() (*catalog.Client, error) {
		c, err := catalog.New(d.Config.CatalogURL, catalog.WithTracerProvider(d.Tracing))
		if err != nil {
			return nil, fmt.Errorf("CATALOG_URL: %w", err)
		}
		return c, nil
	})
}

// Payments is the client of PAYMENT_PROVIDER_URL, presenting the
// payment-api-key secret when there is one (the sandbox needs none).
func (d *Deps) Payments() (*provider.Client, error) {
	return d.payments.get(func() (*provider.Client, error) {
		key, err := secrets.Read(d.Config.SecretsDir, secrets.PaymentAPIKey)
		if err != nil {
			key = nil // optional
		}
		c, err := provider.New(provider.Config{URL: d.Config.PaymentProviderURL, APIKey: string(key),
			TracerProvider: d.Tracing})
		if err != nil {
			return nil, fmt.Errorf("PAYMENT_PROVIDER_URL: %w", err)
		}
		return c, nil
	})
}

// Push is the client of PUSH_GATEWAY_URL.
func (d *Deps) Push() (*push.Client, error) {
	return d.push.get(func() (*push.Client, error) {
		c, err := push.NewClient(push.Config{URL: d.Config.PushGatewayURL, TracerProvider: d.Tracing})
		if err != nil {
			return nil, fmt.Errorf("PUSH_GATEWAY_URL: %w", err)
		}
		return c, nil
	})
}

// PaymentLedger writes the orders' payment ledgers into Orders' store,
// best-effort (package ledger).
func (d *Deps) PaymentLedger() (*ledger.Recorder, error) {
	return d.ledger.get(func() (*ledger.Recorder, error) {
		orders, err := d.Orders()
		if err != nil {
			return nil, err
		}
		return ledger.NewRecorder(orders.PaymentLedger(), d.Log), nil
	})
}

// Refunds is the refund service over Orders. Without
// PAYMENT_PROVIDER_URL it records refunds and never carries them out
// (pay-callback records payment returns so; the refund function and the
// sweeper need the provider).
func (d *Deps) Refunds() (*refund.Service, error) {
	return d.refunds.get(func() (*refund.Service, error) {
		orders, err := d.Orders()
		if err != nil {
			return nil, err
		}
		entries, err := d.PaymentLedger()
		if err != nil {
			return nil, err
		}
		deps := refund.Deps{Orders: orders, Index: orders.RefundIndex(), Ledger: entries, Logger: d.Log,
			Config: refund.Config{AfterSalesWindow: d.Config.AfterSalesWindow}}
		if d.Config.PaymentProviderURL != "" {
			payments, err := d.Payments()
			if err != nil {
				return nil, err
			}
			deps.Provider = payments
		}
		return refund.New(deps)
	})
}

// Signer signs the order center's own calls to its internal functions
// (events as they are published, scheduled triggers) with the
// event-signing-secret file, re-read for rotation (package origin).
func (d *Deps) Signer() (*origin.Signer, error) {
	return d.signer.get(func() (*origin.Signer, error) {
		keys, err := d.originKeys()
		return origin.NewSigner(keys, d.Now), err
	})
}

// EventOrigin verifies that a call carrying an event comes from the order
// center (holds, push-notify, refund's event entry).
func (d *Deps) EventOrigin() (*origin.Verifier, error) {
	return d.events.get(func() (*origin.Verifier, error) {
		keys, err := d.originKeys()
		return origin.Events(keys, d.Now), err
	})
}

// ScheduleOrigin verifies that a scheduled call comes from the order
// center's scheduler (the sweeper).
func (d *Deps) ScheduleOrigin() (*origin.Verifier, error) {
	return d.schedule.get(func() (*origin.Verifier, error) {
		keys, err := d.originKeys()
		return origin.Schedule(keys, d.Now), err
	})
}

// originKeys reads event-signing-secret, re-read at most every
// origin.KeysTTL; one reader for every signer and verifier of d.
func (d *Deps) originKeys() (origin.Keys, error) {
	return d.keys.get(func() (origin.Keys, error) { return origin.FileKeys(d.Config.SecretsDir, d.Now) })
}
