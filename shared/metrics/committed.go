package metrics

import (
	"context"
	"strconv"

	"github.com/ordercenter/ordercenter/shared/order"
)

// Committed counts the facts that the changes, just committed on the
// order's master record rec, made true: an order created, paid,
// cancelled or completed, a payment anomaly, a refund settled, a business
// timer fired. The repository calls it once per commit, after the
// master's conditional write succeeded (an orderstore.Observer), so a
// replayed request, which commits nothing, counts nothing.
func (r *Recorder) Committed(ctx context.Context, rec order.Record, changes []order.Change) {
	if r == nil {
		return
	}
	for _, c := range changes {
		if a, err := actionOf(c); err == nil && a.IsSystem() {
			r.add(ctx, r.timers, 1, KindKey.String(a.String()))
		}
		for _, ev := range c.Events {
			r.event(ctx, rec, ev)
		}
	}
}

// event counts the fact of one event.
func (r *Recorder) event(ctx context.Context, rec order.Record, ev order.Event) {
	switch d := ev.Data.(type) {
	case order.CreatedData:
		r.add(ctx, r.created, 1)
	case order.PaidData:
		r.add(ctx, r.paid, 1)
	case order.CompletedData:
		r.add(ctx, r.completed, 1)
	case order.CancelledData:
		r.add(ctx, r.cancelled, 1, ReasonKey.String(d.Action.String()))
	case order.PaymentAnomalyData:
		r.add(ctx, r.anomalies, 1, KindKey.String(d.Reason))
	case order.RefundSucceededData:
		r.add(ctx, r.refunds, 1, OutcomeKey.String("succeeded"), AttemptKey.String(attempts(rec, d.RefundID)))
	case order.RefundFailedData:
		r.add(ctx, r.refunds, 1, OutcomeKey.String("failed"), AttemptKey.String(attempts(rec, d.RefundID)))
	}
}

// actionOf is the action a change performed (the zero Action, and an
// error, for a change that performed none).
func actionOf(c order.Change) (order.Action, error) {
	var a order.Action
	err := a.UnmarshalText([]byte(c.Action))
	return a, err
}

// maxAttemptLabel bounds the attempt attribute: more calls than this are
// "6+".
const maxAttemptLabel = 5

// attempts is the attempt attribute of the refund of the order: the
// provider calls it took, as the master record keeps them.
func attempts(rec order.Record, refundID string) string {
	for _, rf := range rec.Refunds {
		if rf.RefundID != refundID {
			continue
		}
		if rf.Attempts > maxAttemptLabel {
			return strconv.Itoa(maxAttemptLabel+1) + "+"
		}
		return strconv.Itoa(rf.Attempts)
	}
	return "0"
}
