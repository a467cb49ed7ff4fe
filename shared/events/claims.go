package events

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/metric/noop"

	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
)

// ContradictedMetric counts the events consumers refused because the
// order's master record does not hold them, by consumer and event type.
const ContradictedMetric = "ordercenter.events.contradicted"

// Records confirm events against the orders' master records: nil when the
// record holds the event, an error wrapping orderstore.ErrEventUnknown
// when it does not, any other error when it cannot tell.
// *orderstore.Repository is one (see its Vouch). HandedOff removes the
// hand-off check an event left in the store once its work is done
// (orderstore.HandoffChecks), so that the sweeper meets only the checks of
// events that were lost.
type Records interface {
	Vouch(ctx context.Context, ev order.Event) error
	HandedOff(ctx context.Context, ev order.Event, kind orderstore.TimerKind) error
}

// Claims is the second line of defence of a consumer (contract section
// 4): beside the proof that the order center sent it, an event is acted
// on only when the order's master record holds it, so that a signed event
// claiming what the order never did (an order.cancelled of a paid order,
// a push to someone not the order's user or store) changes nothing.
type Claims struct {
	consumer string
	records  Records
	counter  metric.Int64Counter
	log      *slog.Logger
}

// NewClaims checks the events of the consumer against records, counting
// refusals with the global meter provider and logging them to log (nil:
// slog.Default()).
func NewClaims(consumer string, records Records, log *slog.Logger) *Claims {
	if log == nil {
		log = slog.Default()
	}
	counter, err := otel.Meter("github.com/ordercenter/ordercenter/shared/events").Int64Counter(ContradictedMetric,
		metric.WithUnit("{event}"),
		metric.WithDescription("Events refused because the order's master record does not hold them."))
	if err != nil {
		counter = noop.Int64Counter{}
	}
	return &Claims{consumer: consumer, records: records, counter: counter, log: log}
}

// maxLoggedID bounds the ids of a refused event in its log line: they are
// the sender's words.
const maxLoggedID = 128

// errNoRecords: a consumer built without the records to check against;
// it acts on nothing until it has them.
var errNoRecords = errors.New("events: no order records to check the event against")

// Check returns nil when the order's master record holds ev. When it does
// not, ev is counted (ContradictedMetric) and logged at WARN with its ids,
// type and version and what differs (never its user, store or data), and
// Check returns the refusal (an *orderstore.UnknownEventError) marked
// Permanent: no retry can mend it. When the store cannot answer, its
// error is returned unmarked, to be retried.
func (c *Claims) Check(ctx context.Context, ev order.Event) error {
	if c == nil || c.records == nil {
		return errNoRecords
	}
	err := c.records.Vouch(ctx, ev)
	if !errors.Is(err, orderstore.ErrEventUnknown) {
		if err != nil {
			return fmt.Errorf("check event %s against its order: %w", ev.EventID, err)
		}
		return nil
	}
	c.counter.Add(ctx, 1, metric.WithAttributes(attribute.String("consumer", c.consumer),
		attribute.String("event", ev.Type.String())))
	attrs := []any{"consumer", c.consumer, "event_id", truncate(ev.EventID, maxLoggedID), "type", ev.Type.String(),
		"order_id", truncate(ev.OrderID, maxLoggedID), "order_version", ev.OrderVersion}
	var u *orderstore.UnknownEventError
	if errors.As(err, &u) {
		attrs = append(attrs, "field", u.Field, "problem", u.Problem)
	}
	c.log.WarnContext(ctx, "event refused: the order's record does not hold it", attrs...)
	return Permanent(err)
}

// Done tells the store that the consumer has done the work of the kind
// ev asks of it, so the sweeper need not do it again
// (orderstore.HandoffChecks). A failure is only logged: the sweeper finds
// the check, sees the work done (idempotently) and drops it.
func (c *Claims) Done(ctx context.Context, ev order.Event, kind orderstore.TimerKind) {
	if c.records == nil {
		return
	}
	if err := c.records.HandedOff(ctx, ev, kind); err != nil {
		c.log.WarnContext(ctx, "hand-off check not removed; the sweeper will", "consumer", c.consumer,
			"event_id", ev.EventID, "type", ev.Type.String(), "err", err)
	}
}
