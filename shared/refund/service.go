package refund

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/payment/ledger"
	"github.com/ordercenter/ordercenter/shared/payment/provider"
)

// Orders is what the Service needs of the order repository
// (*orderstore.Repository): reading an order, and changing it through
// one conditional write on its master record.
type Orders interface {
	Get(ctx context.Context, id string) (*order.Order, error)
	Update(ctx context.Context, id string, expectedVersion int64, fn func(*order.Order) error) (order.Record, error)
}

// Provider carries refunds out and says how one stands (*provider.Client).
type Provider interface {
	Refund(ctx context.Context, req provider.Request) (provider.Answer, error)
	RefundStatus(ctx context.Context, refundID string) (provider.RefundState, error)
}

// Deps are what New needs: Orders and Index always (one repository's
// store: orderstore.Repository and its RefundIndex), Provider to carry
// refunds out, Ledger to write the payment ledger's refund entries (nil:
// none).
type Deps struct {
	Orders   Orders
	Index    Index
	Provider Provider
	Ledger   *ledger.Recorder
	Config   Config
	Logger   *slog.Logger
}

// Service requests, carries out, settles and looks up refunds. It is safe
// for concurrent use and keeps no state between calls.
type Service struct {
	orders   Orders
	index    index
	provider Provider
	ledger   *ledger.Recorder
	cfg      Config
	log      *slog.Logger
}

// New returns a Service over its dependencies; a Config that does not
// validate is an error.
func New(d Deps) (*Service, error) {
	d.Config.setDefaults()
	if err := d.Config.Validate(); err != nil {
		return nil, fmt.Errorf("refund service: %w", err)
	}
	if d.Orders == nil || d.Index == nil {
		return nil, errors.New("refund service: Orders and Index are required")
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	return &Service{orders: d.Orders, provider: d.Provider, ledger: d.Ledger, cfg: d.Config, log: d.Logger,
		index: index{d.Index}}, nil
}

// Config returns the service's configuration, defaults filled in.
func (s *Service) Config() Config { return s.cfg }

// maxConflicts bounds how often a change that lost a race on the master
// is tried again (the repository retries a few times itself each time).
const maxConflicts = 8

// update changes the order with fn through the repository, trying again
// while it loses races; a change committed whose copies are pending
// counts as done.
func (s *Service) update(ctx context.Context, orderID string, fn func(*order.Order) error) (order.Record, error) {
	for attempt := 1; ; attempt++ {
		rec, err := s.orders.Update(ctx, orderID, 0, fn)
		switch {
		case err == nil, errors.Is(err, orderstore.ErrSyncPending):
			return rec, nil
		case errors.Is(err, orderstore.ErrNotFound):
			return rec, fmt.Errorf("order %s: %w", orderID, ErrOrderNotFound)
		case !errors.Is(err, orderstore.ErrConflict):
			return rec, err
		case attempt == maxConflicts:
			return rec, fmt.Errorf("order %s: %w: %w", orderID, ErrBusy, err)
		}
		if err := sleep(ctx, time.Duration(1+rand.IntN(4*attempt))*time.Millisecond); err != nil {
			return rec, err
		}
	}
}

// get reads an order, mapping the repository's not found.
func (s *Service) get(ctx context.Context, orderID string) (*order.Order, error) {
	o, err := s.orders.Get(ctx, orderID)
	if errors.Is(err, orderstore.ErrNotFound) {
		return nil, fmt.Errorf("order %s: %w", orderID, ErrOrderNotFound)
	}
	return o, err
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
