// Package reconcile settles payments whose webhook never came, by asking
// the payment provider (GET /payments?order_id=, issue 17): shortly
// before an unpaid order's deadline (the sweeper's pay-reconcile task,
// timers.PayCheckTask with Look) and again when the payment timer is
// about to cancel it (timers.Task.AskingFirst with BeforeCancel). A
// payment found is applied exactly as a verified payment.succeeded would
// be (package apply: the same amount, currency, late and double checks,
// idempotent on its txn id), so the webhook arriving afterwards is
// "already processed"; each payment found is written to the order's
// payment ledger as a query result (package apply). When the provider
// cannot be asked at the deadline the order is not cancelled: the timer
// waits, trying again each run, until Config.Grace past the deadline,
// then cancels; a payment arriving after that is returned as a late
// payment, as any payment for a cancelled order is.
package reconcile

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/payment/apply"
	"github.com/ordercenter/ordercenter/shared/payment/ledger"
	"github.com/ordercenter/ordercenter/shared/payment/provider"
	"github.com/ordercenter/ordercenter/shared/timers"
)

// DefaultGrace is how long past its deadline an order waits for a
// provider that cannot be asked (PAY_GRACE).
const DefaultGrace = 2 * time.Minute

// errUnasked: the provider could not be asked.
var errUnasked = errors.New("payment provider not asked")

// Orders reads orders (*orderstore.Repository).
type Orders interface {
	Get(ctx context.Context, id string) (*order.Order, error)
}

// Provider answers the payments of an order (*provider.Client).
type Provider interface {
	Payments(ctx context.Context, orderID string) ([]provider.Payment, error)
}

// Config tunes a Reconciler; the zero value gives the defaults.
type Config struct {
	// Grace (PAY_GRACE): see DefaultGrace.
	Grace time.Duration
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Logger (default slog.Default()).
	Logger *slog.Logger
}

// Reconciler looks payments up and applies them. It is safe for
// concurrent use and keeps no state between calls.
type Reconciler struct {
	orders   Orders
	provider Provider
	payments *apply.Applier
	cfg      Config
}

// New returns a Reconciler applying what provider answers with payments.
func New(orders Orders, p Provider, payments *apply.Applier, cfg Config) *Reconciler {
	if cfg.Grace <= 0 {
		cfg.Grace = DefaultGrace
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &Reconciler{orders: orders, provider: p, payments: payments, cfg: cfg}
}

// Look is the pay-reconcile task's timers.Look: for an order still
// unpaid and before its deadline, the provider's payments are applied.
func (r *Reconciler) Look(ctx context.Context, orderID string) (timers.LookOutcome, error) {
	o, err := r.unpaid(ctx, orderID)
	if err != nil || o == nil || !r.cfg.Now().Before(o.PayDeadline()) {
		return timers.LookDone, err
	}
	paid, err := r.apply(ctx, orderID)
	switch {
	case err != nil:
		return timers.LookUnpaid, err
	case paid:
		return timers.LookPaid, nil
	}
	return timers.LookUnpaid, nil
}

// BeforeCancel is the payment timer's timers.Ask: the provider's
// payments of the order are applied before it may be cancelled. A
// provider that cannot be asked makes the timer wait (timers.ErrWait)
// until Config.Grace past the deadline, then lets it cancel.
func (r *Reconciler) BeforeCancel(ctx context.Context, orderID string, deadline time.Time) error {
	o, err := r.unpaid(ctx, orderID)
	if err != nil || o == nil {
		return err
	}
	_, err = r.apply(ctx, orderID)
	switch {
	case !errors.Is(err, errUnasked):
		return err
	case r.cfg.Now().Before(deadline.Add(r.cfg.Grace)):
		return fmt.Errorf("%w: %w", timers.ErrWait, err)
	}
	r.cfg.Logger.WarnContext(ctx, "payment provider not asked within the grace; the order is cancelled, a payment after is returned",
		"order_id", orderID, "deadline", deadline, "grace", r.cfg.Grace, "err", err)
	return nil
}

// unpaid reads the order; nil when it is gone or no longer unpaid.
func (r *Reconciler) unpaid(ctx context.Context, orderID string) (*order.Order, error) {
	o, err := r.orders.Get(ctx, orderID)
	switch {
	case errors.Is(err, orderstore.ErrNotFound):
		return nil, nil
	case err != nil:
		return nil, err
	case o.Status() != order.StatusPendingPayment:
		return nil, nil
	}
	return o, nil
}

// apply applies every payment the provider has of the order, oldest
// first, and reports whether one paid it. A provider failure wraps
// errUnasked.
func (r *Reconciler) apply(ctx context.Context, orderID string) (paid bool, err error) {
	found, err := r.provider.Payments(ctx, orderID)
	if err != nil {
		return false, fmt.Errorf("payments of order %s: %w: %w", orderID, errUnasked, err)
	}
	seen := ledger.Entry{Kind: ledger.KindQuery, Source: ledger.SourceReconciliation}
	for _, p := range found {
		pay := order.Payment{TxnID: p.TxnID, Amount: p.Amount, Currency: p.Currency}
		if p.Status == provider.PaymentFailed {
			if _, err := r.payments.Failure(ctx, orderID, pay, seen); err != nil {
				return paid, err
			}
			continue
		}
		out, err := r.payments.Success(ctx, orderID, pay, seen)
		if errors.Is(err, order.ErrInvalidOrder) {
			r.cfg.Logger.ErrorContext(ctx, "payment at the provider malformed; not applied, an operator must look",
				"order_id", orderID, "txn_id", p.TxnID, "err", err)
			continue
		}
		if err != nil {
			return paid, err
		}
		if out == order.PaymentTaken {
			paid = true
			r.cfg.Logger.InfoContext(ctx, "payment found at the provider; the order is paid without its webhook",
				"order_id", orderID, "txn_id", p.TxnID)
		}
	}
	return paid, nil
}
