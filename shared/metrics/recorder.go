package metrics

import (
	"context"
	"errors"
	"fmt"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
)

// instrumentationName is the scope of the meter the figures are made by.
const instrumentationName = "github.com/ordercenter/ordercenter/shared/metrics"

// Recorder records the figures. It is safe for concurrent use; a nil
// *Recorder records nothing.
type Recorder struct {
	meter     metric.Meter
	created   metric.Int64Counter
	paid      metric.Int64Counter
	cancelled metric.Int64Counter
	completed metric.Int64Counter
	anomalies metric.Int64Counter
	refunds   metric.Int64Counter
	timers    metric.Int64Counter
	published metric.Int64Counter
	healed    metric.Int64Counter
	rebuilds  metric.Int64Counter
}

// counter is one counter's definition.
type counter struct {
	to          *metric.Int64Counter
	name, unit  string
	description string
}

// New makes the figures' instruments from mp.
func New(mp metric.MeterProvider) (*Recorder, error) {
	r := &Recorder{meter: mp.Meter(instrumentationName)}
	var errs []error
	for _, c := range r.counters() {
		var err error
		*c.to, err = r.meter.Int64Counter(c.name, metric.WithUnit(c.unit), metric.WithDescription(c.description))
		if err != nil {
			errs = append(errs, fmt.Errorf("create %s: %w", c.name, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	r.zero()
	return r, nil
}

func (r *Recorder) counters() []counter {
	return []counter{
		{&r.created, OrdersCreated, "{order}", "Orders stored (a replayed request stores none)."},
		{&r.paid, OrdersPaid, "{order}", "Orders whose payment was taken."},
		{&r.cancelled, OrdersCancelled, "{order}", "Orders cancelled, by the action that cancelled them."},
		{&r.completed, OrdersCompleted, "{order}", "Orders completed (confirmed by the user or completed automatically)."},
		{&r.anomalies, PaymentAnomaly, "{payment}", "Payments the order could not take, by kind; each is returned."},
		{&r.refunds, Refunds, "{refund}", "Refunds settled, by outcome and the provider calls they took."},
		{&r.timers, TimersFired, "{timer}", "Business timers that moved an order, by kind."},
		{&r.published, EventsPublished, "{event}", "Events JetStream acknowledged, by subject."},
		{&r.healed, EventsHealed, "{change}", "Committed changes whose copies and events the sweeper's healing finished."},
		{&r.rebuilds, BackstopRebuild, "{rebuild}", "What Redis had lost and was rebuilt from the store, by what."},
	}
}

// add adds n to c under attrs, unless r is nil.
func (r *Recorder) add(ctx context.Context, c metric.Int64Counter, n int64, attrs ...attribute.KeyValue) {
	if r == nil || n == 0 {
		return
	}
	c.Add(context.WithoutCancel(ctx), n, metric.WithAttributes(attrs...))
}

// EventsHealed counts n committed changes the sweeper's healing pass
// finished (their copies, timeline entries and events).
func (r *Recorder) EventsHealed(ctx context.Context, n int) {
	if r != nil {
		r.add(ctx, r.healed, int64(n))
	}
}

// BackstopRebuilt counts one thing Redis had lost that was rebuilt from
// the store: "standing" (a user's first-order count), "hold" (the parts
// of a hold, from its order), "slots" (a bitmap of held units).
func (r *Recorder) BackstopRebuilt(ctx context.Context, what string) {
	if r != nil {
		r.add(ctx, r.rebuilds, 1, WhatKey.String(what))
	}
}
