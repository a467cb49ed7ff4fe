package metrics

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/reserve"
)

// zero makes every counter of a known, small set of attributes start at
// 0, so that its series exist from the start: a rate over them is right
// from the first increase, and a dashboard shows 0, not "no data".
func (r *Recorder) zero() {
	ctx := context.Background()
	for _, c := range []metric.Int64Counter{r.created, r.paid, r.completed, r.healed} {
		c.Add(ctx, 0)
	}
	for _, a := range []order.Action{order.ActionCancel, order.ActionReject, order.ActionPayTimeout, order.ActionAcceptTimeout} {
		zeroOf(r.cancelled, ReasonKey.String(a.String()))
	}
	for _, a := range []order.Action{order.ActionPayTimeout, order.ActionAcceptTimeout, order.ActionAutoComplete} {
		zeroOf(r.timers, KindKey.String(a.String()))
	}
	for _, kind := range []string{order.ReturnAmountMismatch, order.ReturnOrderCancelled, order.ReturnDoublePayment} {
		zeroOf(r.anomalies, KindKey.String(kind))
	}
	for _, what := range []string{reserve.RebuiltStanding, reserve.RebuiltHold, reserve.RebuiltSlots} {
		zeroOf(r.rebuilds, WhatKey.String(what))
	}
	for _, outcome := range []string{"succeeded", "failed"} {
		zeroOf(r.refunds, OutcomeKey.String(outcome), AttemptKey.String("1"))
	}
}

func zeroOf(c metric.Int64Counter, attrs ...attribute.KeyValue) {
	c.Add(context.Background(), 0, metric.WithAttributes(attrs...))
}
