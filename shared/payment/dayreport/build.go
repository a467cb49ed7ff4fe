package dayreport

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/ordercenter/ordercenter/shared/httpcall"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/payment/provider"
)

// Provider is the payment provider's ledger and queries (*provider.Client).
type Provider interface {
	Ledger(ctx context.Context, day time.Time) ([]provider.LedgerEntry, error)
	Payments(ctx context.Context, orderID string) ([]provider.Payment, error)
	RefundStatus(ctx context.Context, refundID string) (provider.RefundState, error)
}

// Orders reads orders (*orderstore.Repository).
type Orders interface {
	Get(ctx context.Context, id string) (*order.Order, error)
}

// Days names the orders that moved money on a UTC day (the payment
// ledger's day index, orderstore).
type Days interface {
	OrdersOfDay(ctx context.Context, day string) ([]string, error)
}

// Sources are what a report is built from; all are required.
type Sources struct {
	Provider Provider
	Orders   Orders
	Days     Days
}

// parallelReads bounds the orders and provider queries read at once.
const parallelReads = 16

// Build reconciles the UTC day of day; a non-empty store keeps the orders
// of that store only (a provider entry of an order unknown here has no
// store, and is listed only when every store is reconciled).
func Build(ctx context.Context, src Sources, day time.Time, store string) (Report, error) {
	from := day.UTC().Truncate(24 * time.Hour)
	rep := Report{Day: from.Format(time.DateOnly), Store: store, Differences: []Difference{}}
	entries, err := src.Provider.Ledger(ctx, from)
	if err != nil {
		return rep, fmt.Errorf("provider ledger of %s: %w", rep.Day, err)
	}
	ours, err := src.Days.OrdersOfDay(ctx, rep.Day)
	if err != nil {
		return rep, fmt.Errorf("orders of %s: %w", rep.Day, err)
	}
	orders, err := readOrders(ctx, src.Orders, orderIDs(entries, ours))
	if err != nil {
		return rep, err
	}
	c := comparison{src: src, day: from, store: store, orders: orders, seen: map[string]bool{}}
	c.provider(entries, &rep)
	if err := c.ours(ctx, entries, &rep); err != nil {
		return rep, err
	}
	rep.sortDifferences()
	return rep, nil
}

// orderIDs are the distinct orders of the provider's entries and ours.
func orderIDs(entries []provider.LedgerEntry, ours []string) []string {
	ids := slices.Clone(ours)
	for _, e := range entries {
		if e.OrderID != "" {
			ids = append(ids, e.OrderID)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// readOrders reads the orders by id; an order not found is left out.
func readOrders(ctx context.Context, orders Orders, ids []string) (map[string]order.Record, error) {
	recs := make([]*order.Record, len(ids))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(parallelReads)
	for i, id := range ids {
		g.Go(func() error {
			o, err := orders.Get(gctx, id)
			if errors.Is(err, orderstore.ErrNotFound) {
				return nil
			}
			if err != nil {
				return fmt.Errorf("order %s: %w", id, err)
			}
			rec := o.Record()
			recs[i] = &rec
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	out := make(map[string]order.Record, len(ids))
	for _, rec := range recs {
		if rec != nil {
			out[rec.OrderID] = *rec
		}
	}
	return out, nil
}

// notFound reports whether the provider answered that it does not know
// what it was asked.
func notFound(err error) bool { return errors.Is(err, httpcall.ErrNotFound) }
