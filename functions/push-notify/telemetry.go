package function

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/ordercenter/ordercenter/shared/httpcall"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/push"
)

// instrumentation names the tracer and meter.
const instrumentation = "github.com/ordercenter/ordercenter/functions/push-notify"

// DroppedMetric counts pushes dropped, by reason (rejected, superseded),
// event type and recipient kind.
const DroppedMetric = "ordercenter.push.dropped"

// instruments makes the tracer from tp (the global provider when nil) and
// the dropped counter from the global meter provider.
func instruments(tp trace.TracerProvider) (trace.Tracer, metric.Int64Counter, error) {
	dropped, err := otel.Meter(instrumentation).Int64Counter(DroppedMetric,
		metric.WithUnit("{push}"),
		metric.WithDescription("Pushes dropped: refused by the gateway, or superseded by a later status."))
	if err != nil {
		return nil, nil, fmt.Errorf("create %s: %w", DroppedMetric, err)
	}
	if tp == nil {
		tp = otel.GetTracerProvider()
	}
	return tp.Tracer(instrumentation), dropped, nil
}

// startSpan starts the span of one event, child of the span in ctx: the
// function's server span when the connector calls it, the delivery's
// consumer span when it consumes the stream itself.
func (n *Notifier) startSpan(ctx context.Context, e order.Event) (context.Context, trace.Span) {
	return n.tracer.Start(ctx, Name, trace.WithSpanKind(trace.SpanKindInternal),
		trace.WithAttributes(
			attribute.String("ordercenter.event.id", e.EventID),
			attribute.String("ordercenter.event.type", e.Type.String()),
			attribute.String("ordercenter.order.id", e.OrderID),
		))
}

// endSpan notes the report and the error on the span.
func endSpan(span trace.Span, r Report, err error) {
	span.SetAttributes(attribute.Int("ordercenter.push.sent", len(r.Sent)),
		attribute.Int("ordercenter.push.skipped", len(r.Skipped)))
	if err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, "push-notify failed")
	}
}

// drop counts and logs a push dropped. The line names the push, never the
// recipient or the texts.
func (n *Notifier) drop(ctx context.Context, p push.Notification, reason string, cause error) {
	n.dropped.Add(ctx, 1, metric.WithAttributes(attribute.String("reason", reason),
		attribute.String("event", p.Data.Event), attribute.String("recipient_kind", p.Recipient.Kind)))
	attrs := []any{"notification_id", p.NotificationID, "event", p.Data.Event,
		"recipient_kind", p.Recipient.Kind, "reason", reason}
	var se *httpcall.Error
	if errors.As(cause, &se) {
		attrs = append(attrs, "status", se.StatusCode, "code", se.Code)
	}
	level := slog.LevelInfo // superseding is the normal course
	if reason == ReasonRejected {
		level = slog.LevelWarn
	}
	n.log.Log(ctx, level, "push dropped", attrs...)
}
