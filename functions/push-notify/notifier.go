// Package function is push-notify: it turns an order event into pushes to
// the people it concerns (contract section 12), through the push gateway.
// It runs as an OpenFaaS function called with one event (by the NATS
// connector on orders.events.>, or any HTTP POST), or as a durable pull
// consumer of the events stream (HandleMessage).
//
// Each event reaches each recipient at most once, however often it is
// redelivered and however many instances handle it at once: Redis holds a
// done marker per notification and a short claim taken while one is sent;
// the gateway's Idempotency-Key covers a crash between sending and
// marking. A recipient is not flooded: a per-recipient rate limit, and a
// status of an order that supersedes an older one not yet sent.
//
// The recipients are the event's user_id and store_id, so an event is
// pushed only when the order's master record holds it (events.Claims,
// orderstore's Vouch): a signed event naming someone who is not the
// order's user or store, or claiming what the order never did, pushes
// nothing and is refused for good, counted as
// ordercenter.events.contradicted{consumer="push-notify"}. An event that
// nobody hears is acknowledged without reading the store.
package function

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/redis/go-redis/v9"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/push"
)

// Name is the function's name, and that of its consumer and span.
const Name = "push-notify"

// Pusher sends one push: nil when delivered, an error wrapping
// push.ErrRejected when it can never be, any other error when it may be
// later. *push.Client is one.
type Pusher interface {
	Send(ctx context.Context, n push.Notification) error
}

// Deps are what a Notifier is made of.
type Deps struct {
	// Push is the push gateway.
	Push Pusher
	// Redis holds what the instances share (*redis.Client or
	// *redis.ClusterClient).
	Redis redis.Scripter
	// Orders are the master records each event is checked against before
	// anyone hears of it (an *orderstore.Repository; reading is enough).
	Orders events.Records
	// Config tunes it; start from DefaultConfig.
	Config Config
	// Now is the clock of the rate limit (default time.Now).
	Now func() time.Time
	// Log receives a line per push dropped and per event refused (default
	// slog.Default()).
	Log *slog.Logger
	// Origin checks that an HTTP call comes from the order center (an
	// *origin.Verifier of events); nil checks nothing (tests).
	Origin httpapi.OriginVerifier
	// Tracing makes the span of each event (default the global
	// provider).
	Tracing trace.TracerProvider
}

// Notifier sends the pushes of order events. It is safe for concurrent
// use, and any number of Notifiers may share one Redis.
type Notifier struct {
	push    Pusher
	ledger  ledger
	claims  *events.Claims
	cfg     Config
	now     func() time.Time
	log     *slog.Logger
	tracer  trace.Tracer
	dropped metric.Int64Counter
	origin  httpapi.OriginVerifier
}

// New returns a Notifier over its dependencies, or what is wrong with
// them.
func New(d Deps) (*Notifier, error) {
	d.Config.setDefaults()
	if err := d.Config.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", Name, err)
	}
	if d.Push == nil || d.Redis == nil || d.Orders == nil {
		return nil, fmt.Errorf("%s: a push gateway, a Redis and the orders are required", Name)
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	tracer, dropped, err := instruments(d.Tracing)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", Name, err)
	}
	return &Notifier{push: d.Push, cfg: d.Config, now: d.Now, log: d.Log, tracer: tracer, dropped: dropped, origin: d.Origin,
		claims: events.NewClaims(Name, d.Orders, d.Log),
		ledger: ledger{rdb: d.Redis, prefix: d.Config.KeyPrefix, claim: d.Config.ClaimTTL, done: d.Config.DoneTTL}}, nil
}

// Report is what handling one event did: the pushes sent now, and those
// skipped with why (see the Reason constants).
type Report struct {
	EventID string   `json:"event_id"`
	Sent    []string `json:"sent"`
	Skipped []Skip   `json:"skipped"`
}

// Skip is a push not sent, and why.
type Skip struct {
	NotificationID string `json:"notification_id"`
	Reason         string `json:"reason"`
}

// Reasons of a Skip.
const (
	ReasonAlreadySent     = "already_sent"     // sent before
	ReasonAlreadyRejected = "already_rejected" // refused by the gateway before
	ReasonRejected        = "rejected"         // refused by the gateway now: dropped
	ReasonSuperseded      = "superseded"       // a later status of the order was seen: dropped
)

// Notify sends the pushes of e. It returns nil when every recipient has
// been served (sent, or skipped for good); an error marked
// events.Permanent when e cannot be handled: wrapping
// order.ErrInvalidEvent when it lacks what its pushes need,
// orderstore.ErrEventUnknown when the order's record does not hold it
// (nothing is pushed); otherwise a transient error to retry later (the
// store or the gateway down), an *events.RetryAfter when it knows how
// long to wait (wrapping ErrRateLimited or ErrBusy when that is why).
func (n *Notifier) Notify(ctx context.Context, e order.Event) error {
	_, err := n.Process(ctx, e)
	return err
}

// Process is Notify that also reports what it did.
func (n *Notifier) Process(ctx context.Context, e order.Event) (Report, error) {
	ctx, span := n.startSpan(ctx, e)
	defer span.End()
	ctx, cancel := context.WithTimeout(ctx, n.cfg.Timeout)
	defer cancel()
	report := Report{EventID: e.EventID, Sent: []string{}, Skipped: []Skip{}}
	plan, err := Plan(e)
	if err != nil {
		err = events.Permanent(err)
	} else if len(plan) > 0 {
		err = n.claims.Check(ctx, e) // the recipients are the event's: vouch for them
	}
	if err != nil {
		endSpan(span, report, err)
		return report, err
	}
	var errs []error
	for _, p := range plan {
		reason, err := n.deliver(ctx, e, p)
		switch {
		case err != nil:
			errs = append(errs, err)
		case reason == "":
			report.Sent = append(report.Sent, p.NotificationID)
		default:
			report.Skipped = append(report.Skipped, Skip{NotificationID: p.NotificationID, Reason: reason})
		}
	}
	err = combine(errs)
	endSpan(span, report, err)
	return report, err
}

// Errors a transient failure may wrap.
var (
	// ErrRateLimited: the recipient had their share of pushes; the
	// *events.RetryAfter says until when.
	ErrRateLimited = errors.New("recipient rate limited")
	// ErrBusy: another instance is sending the same push right now.
	ErrBusy = errors.New("push in progress elsewhere")
)

// combine returns the failures of one event's pushes as one error, an
// *events.RetryAfter with the longest wait any of them asked for.
func combine(errs []error) error {
	var wait time.Duration
	for _, err := range errs {
		var ra *events.RetryAfter
		if errors.As(err, &ra) {
			wait = max(wait, ra.After)
		}
	}
	switch {
	case len(errs) == 0:
		return nil
	case len(errs) == 1:
		return errs[0]
	case wait > 0:
		return &events.RetryAfter{After: wait, Err: errors.Join(errs...)}
	}
	return errors.Join(errs...)
}
