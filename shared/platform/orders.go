package platform

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"github.com/nats-io/nats.go"

	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
)

// Orders builds the order repository a deployed function works on: over
// the store of Store (DYNAMODB_ENDPOINT, DYNAMODB_TABLE), publishing the
// events of its changes to the JetStream at NATS_URL under the connection
// name name. With NATS_URL unset it publishes nothing (the events stay on
// the orders' timelines) and says so in log. It returns the store too, for
// what the function keeps beside the orders. It makes no network call:
// NATS is joined in the background and retried while it is down.
func Orders(name string, getenv Getenv, log *slog.Logger) (*orderstore.Repository, kv.Store, error) {
	store, err := Store(getenv)
	if err != nil {
		return nil, nil, err
	}
	opts := orderstore.Options{Logger: log}
	url := getenv("NATS_URL")
	if url == "" {
		log.Warn("NATS_URL not set: order events stay on the timeline, unpublished")
		return orderstore.New(store, opts), store, nil
	}
	nc, err := nats.Connect(url, nats.Name(name), nats.MaxReconnects(-1), nats.RetryOnFailedConnect(true))
	if err != nil {
		return nil, nil, fmt.Errorf("nats %s: %w", url, err)
	}
	if opts.Publisher, err = events.NewPublisher(nc); err != nil {
		nc.Close()
		return nil, nil, err
	}
	return orderstore.New(store, opts), store, nil
}

// LazyOnOrders is the deployed wiring of a function that works on the
// orders: on its first call (and again after a failed one) it builds the
// repository of Orders from the process's environment, under the NATS
// connection name name, and hands it to wire.
func LazyOnOrders[H any](name string, wire func(*orderstore.Repository) (H, error)) *Lazy[H] {
	return NewLazy(func(context.Context) (H, error) {
		repo, _, err := Orders(name, os.Getenv, slog.Default())
		if err != nil {
			var zero H
			return zero, err
		}
		return wire(repo)
	})
}
