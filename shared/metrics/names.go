package metrics

import "go.opentelemetry.io/otel/attribute"

// The figures' names, as OpenTelemetry knows them; Prometheus shows each
// with dots as underscores, counters ending in _total (see docs/metrics.md).
const (
	OrdersCreated   = "ordercenter.orders.created"
	OrdersPaid      = "ordercenter.orders.paid"
	OrdersCancelled = "ordercenter.orders.cancelled"
	OrdersCompleted = "ordercenter.orders.completed"
	PaymentAnomaly  = "ordercenter.payment.anomalies"
	Refunds         = "ordercenter.refunds"
	TimersFired     = "ordercenter.timers.fired"
	EventsPublished = "ordercenter.events.published"
	EventsHealed    = "ordercenter.events.healed"
	ConsumerLag     = "ordercenter.consumer.lag"
	DeadLetters     = "ordercenter.dead_letters"
	BreakerState    = "ordercenter.breaker.state"
	BackstopRebuild = "ordercenter.redis.backstop.rebuilds"
)

// The figures' attributes.
const (
	// ReasonKey: what cancelled an order, the action (cancel, reject,
	// pay_timeout, accept_timeout).
	ReasonKey = attribute.Key("reason")
	// KindKey: the kind of a payment anomaly (amount_mismatch,
	// order_cancelled, double_payment) or of a timer (pay_timeout,
	// accept_timeout, auto_complete).
	KindKey = attribute.Key("kind")
	// OutcomeKey: how a refund ended (succeeded, failed).
	OutcomeKey = attribute.Key("outcome")
	// AttemptKey: the provider calls a refund took ("1" to "5", "6+").
	AttemptKey = attribute.Key("attempt")
	// SubjectKey: the NATS subject an event went to.
	SubjectKey = attribute.Key("subject")
	// ConsumerKey: a JetStream durable consumer.
	ConsumerKey = attribute.Key("consumer")
	// DependencyKey: the dependency a circuit breaker guards.
	DependencyKey = attribute.Key("dependency")
	// WhatKey: what the backstop rebuilt in Redis (standing, hold,
	// slots).
	WhatKey = attribute.Key("what")
)
