package metrics

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"go.opentelemetry.io/otel/metric"

	"github.com/ordercenter/ordercenter/shared/breaker"
	"github.com/ordercenter/ordercenter/shared/events"
)

// observeTimeout bounds the reads of one collection.
const observeTimeout = 2 * time.Second

// ObserveJetStream reports, each time the metrics are collected, every
// durable consumer's lag on the events stream (its num_pending: events
// stored and not yet delivered to it) and its dead letters (the messages
// it gave up on that the dead-letter stream keeps, 0 when none). Call
// Unregister on the registration to stop; it also ends with the meter
// provider.
func (r *Recorder) ObserveJetStream(js jetstream.JetStream) (metric.Registration, error) {
	lag, err := r.meter.Int64ObservableGauge(ConsumerLag, metric.WithUnit("{event}"),
		metric.WithDescription("Events stored and not yet delivered to the consumer (JetStream num_pending)."))
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", ConsumerLag, err)
	}
	dead, err := r.meter.Int64ObservableGauge(DeadLetters, metric.WithUnit("{message}"),
		metric.WithDescription("Messages the consumer gave up on, kept in the dead-letter stream for an operator."))
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", DeadLetters, err)
	}
	return r.meter.RegisterCallback(func(ctx context.Context, o metric.Observer) error {
		ctx, cancel := context.WithTimeout(ctx, observeTimeout)
		defer cancel()
		return observeStreams(ctx, js, o, lag, dead)
	}, lag, dead)
}

// observeStreams reads the consumers of the events stream and the counts
// of the dead-letter stream.
func observeStreams(ctx context.Context, js jetstream.JetStream, o metric.Observer, lag, dead metric.Int64Observable) error {
	stream, err := js.Stream(ctx, events.Stream)
	if err != nil {
		return fmt.Errorf("%s: stream %s: %w", ConsumerLag, events.Stream, err)
	}
	letters, err := events.OpenDeadLetters(ctx, js)
	if err != nil {
		return err
	}
	counts, err := letters.Counts(ctx)
	if err != nil {
		return err
	}
	list := stream.ListConsumers(ctx)
	for info := range list.Info() {
		attrs := metric.WithAttributes(ConsumerKey.String(info.Name))
		o.ObserveInt64(lag, int64(info.NumPending), attrs)
		o.ObserveInt64(dead, int64(counts[info.Name]), attrs)
		delete(counts, info.Name)
	}
	for name, n := range counts { // consumers deleted since
		o.ObserveInt64(dead, int64(n), metric.WithAttributes(ConsumerKey.String(name)))
	}
	if err := list.Err(); err != nil && !errors.Is(err, jetstream.ErrEndOfData) {
		return fmt.Errorf("%s: consumers of %s: %w", ConsumerLag, events.Stream, err)
	}
	return nil
}

// ObserveBreakers reports, each time the metrics are collected, the state
// of every dependency's circuit breaker in the process (breaker.States:
// 0 closed, 1 half-open, 2 open).
func (r *Recorder) ObserveBreakers() (metric.Registration, error) {
	gauge, err := r.meter.Int64ObservableGauge(BreakerState, metric.WithUnit("{state}"),
		metric.WithDescription("State of the dependency's circuit breaker: 0 closed, 1 half-open, 2 open."))
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", BreakerState, err)
	}
	return r.meter.RegisterCallback(func(_ context.Context, o metric.Observer) error {
		for dependency, state := range breaker.States() {
			o.ObserveInt64(gauge, int64(state), metric.WithAttributes(DependencyKey.String(dependency)))
		}
		return nil
	}, gauge)
}
