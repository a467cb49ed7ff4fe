// Package function is the order-action function (contract section 10): a
// merchant accepts, rejects, readies or cancels an order, a rider picks it
// up and delivers it, a user confirms or cancels it, customer service
// cancels it, each as the status table of section 5 allows.
//
// Every action is one guarded change of the order's master record
// (orderstore.Update with order.Apply): a race with another action, a
// payment or a timer resolves to one outcome. Someone else's order answers
// 404 exactly as a missing one; a role that may never take the action 403;
// an action the order's status does not allow 409 invalid_transition; an
// expected_version the order has moved past 409 conflict. A cancellation
// of a paid order says so in its order.cancelled event (refund_due), which
// the refund path consumes.
package function

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
)

// Orders changes stored orders; *orderstore.Repository implements it.
type Orders interface {
	Update(ctx context.Context, id string, expectedVersion int64, fn func(*order.Order) error) (order.Record, error)
}

// Authenticator names the caller of a request, or fails with a 401
// Problem; *httpapi.Authenticator implements it.
type Authenticator interface {
	Actor(req handler.Request) (order.Actor, error)
}

// Deps is what the use case needs.
type Deps struct {
	Orders Orders
	Auth   Authenticator
	Config Config
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Logger (default slog.Default()).
	Logger *slog.Logger
}

// OrderAction carries out lifecycle actions on orders.
type OrderAction struct {
	orders Orders
	auth   Authenticator
	cfg    Config
	now    func() time.Time
	log    *slog.Logger
}

// New returns the use case over its dependencies, the configuration's
// blanks filled with defaults.
func New(d Deps) (*OrderAction, error) {
	if d.Orders == nil || d.Auth == nil {
		return nil, errors.New("order-action: orders and authenticator are required")
	}
	d.Config.setDefaults()
	if err := d.Config.Validate(); err != nil {
		return nil, fmt.Errorf("order-action config: %w", err)
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	return &OrderAction{orders: d.Orders, auth: d.Auth, cfg: d.Config, now: d.Now, log: d.Logger}, nil
}

// Command is one action on one order. ExpectedVersion, when not 0, is the
// version the caller saw: an order at another version is not changed.
type Command struct {
	OrderID         string
	Action          order.Action
	Reason          string
	ExpectedVersion int64
}

// Do carries out the command for the actor and returns the order as the
// actor may see it. Errors: orderstore.ErrNotFound or errHidden (404),
// order.ErrNotAllowed (403), a *transitionError wrapping
// order.ErrInvalidTransition (409), errStale or orderstore.ErrConflict
// (409), errBadReason (400), or an infrastructure failure.
func (a *OrderAction) Do(ctx context.Context, actor order.Actor, cmd Command) (order.Record, error) {
	rec, err := a.orders.Update(ctx, cmd.OrderID, 0, func(o *order.Order) error {
		switch {
		case !o.VisibleTo(actor):
			return errHidden
		case cmd.ExpectedVersion != 0 && o.Version() != cmd.ExpectedVersion:
			return fmt.Errorf("at version %d, not %d: %w", o.Version(), cmd.ExpectedVersion, errStale)
		}
		err := o.Apply(cmd.Action, actor, cmd.Reason, a.now())
		switch {
		case errors.Is(err, order.ErrInvalidTransition):
			return &transitionError{status: o.Status(), err: err}
		case errors.Is(err, order.ErrInvalidOrder):
			return fmt.Errorf("%w: %w", errBadReason, err)
		}
		return err
	})
	if errors.Is(err, orderstore.ErrSyncPending) {
		a.log.WarnContext(ctx, "order action committed; copies left to the healer",
			"order_id", cmd.OrderID, "action", cmd.Action.String(), "err", err)
		err = nil
	}
	if err != nil {
		return order.Record{}, fmt.Errorf("%s order %s by %s: %w", cmd.Action, cmd.OrderID, actor, err)
	}
	return rec.MaskedFor(actor), nil
}
