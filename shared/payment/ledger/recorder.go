package ledger

import (
	"context"
	"log/slog"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/metric/noop"
)

// LostMetric counts the entries that could not be written, by kind.
const LostMetric = "ordercenter.payment.ledger.lost"

// recordTimeout bounds one entry's writes. They run on a context of their
// own (keeping the caller's values, such as its trace): the change they
// tell of is committed, and a caller that has given up (a provider that
// hung up on its webhook) must not lose the entry with it.
const recordTimeout = 2 * time.Second

// Store keeps the entries of orders (*orderstore.PaymentLedger).
type Store interface {
	Record(ctx context.Context, orderID string, e Entry) error
}

// Recorder writes entries best-effort: a failure is logged and counted
// (LostMetric), never returned. A nil *Recorder records nothing. It is
// safe for concurrent use.
type Recorder struct {
	store Store
	log   *slog.Logger
	lost  metric.Int64Counter
}

// NewRecorder returns a Recorder writing to store, logging to log (nil:
// slog.Default()) and counting with the global meter provider.
func NewRecorder(store Store, log *slog.Logger) *Recorder {
	if log == nil {
		log = slog.Default()
	}
	lost, err := otel.Meter("github.com/ordercenter/ordercenter/shared/payment/ledger").Int64Counter(LostMetric,
		metric.WithUnit("{entry}"),
		metric.WithDescription("Payment ledger entries that could not be written (the payment or refund itself was not affected)."))
	if err != nil {
		lost = noop.Int64Counter{}
	}
	return &Recorder{store: store, log: log, lost: lost}
}

// Record writes the order's entry, its At set to now when zero.
func (r *Recorder) Record(ctx context.Context, orderID string, e Entry) {
	if r == nil {
		return
	}
	if e.At.IsZero() {
		e.At = time.Now()
	}
	e.At = e.At.UTC()
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	if err := r.store.Record(ctx, orderID, e); err != nil {
		r.lost.Add(ctx, 1, metric.WithAttributes(attribute.String("kind", string(e.Kind))))
		r.log.WarnContext(ctx, "payment ledger entry not recorded; the order itself is not affected",
			"order_id", orderID, "kind", e.Kind, "reference", e.Reference(), "outcome", e.Outcome, "err", err)
	}
}
