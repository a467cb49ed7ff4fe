package connector

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.opentelemetry.io/otel/trace"

	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/telemetry"
)

// Defaults of Options.
const (
	DefaultInFlight = 8
	DefaultDrain    = 10 * time.Second
)

// queueGroup is the queue group of core NATS subscriptions, so that
// connector replicas share the messages.
const queueGroup = "ordercenter-connector"

// Options tune the delivery of events.
type Options struct {
	// InFlight is how many events one function has in hand at most
	// (DefaultInFlight when zero).
	InFlight int
	// AckWait, BackOff and MaxDeliver are those of events.ConsumerSpec
	// (its defaults when zero). AckWait must exceed the invoker's time
	// limit.
	AckWait    time.Duration
	BackOff    []time.Duration
	MaxDeliver int
	// Drain is how long the calls in hand may still take once Run's
	// context ends (DefaultDrain when zero; negative: none).
	Drain  time.Duration
	Logger *slog.Logger
	// TracerProvider makes the consumer span of each delivery (the
	// global provider when nil).
	TracerProvider trace.TracerProvider
}

func (o *Options) setDefaults() {
	if o.InFlight <= 0 {
		o.InFlight = DefaultInFlight
	}
	switch {
	case o.Drain == 0:
		o.Drain = DefaultDrain
	case o.Drain < 0:
		o.Drain = 0
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
}

// Connector delivers events to the functions that subscribe to them.
type Connector struct {
	nc        *nats.Conn
	invoker   Invoker
	log       *slog.Logger
	spans     telemetry.Messaging
	consumers []*events.Consumer
	// core are the subscriptions outside the events stream.
	core    []Subscription
	running sync.WaitGroup
	errs    []error
	// stop ends the delivery early, when a consumer fails.
	stop context.CancelFunc
}

// New creates (or updates) the durable consumer of every subscription's
// events, one per function named after it, and returns the connector that
// runs them.
func New(ctx context.Context, nc *nats.Conn, js jetstream.JetStream, subs []Subscription, invoker Invoker, o Options) (*Connector, error) {
	o.setDefaults()
	c := &Connector{nc: nc, invoker: invoker, log: o.Logger, spans: telemetry.NewMessaging(o.TracerProvider)}
	for _, sub := range subs {
		durable, core := splitSubjects(sub.Subjects)
		if len(core) > 0 {
			c.core = append(c.core, Subscription{Function: sub.Function, Subjects: core})
		}
		if len(durable) == 0 {
			continue
		}
		spec := events.ConsumerSpec{Name: sub.Function, Subjects: durable, AckWait: o.AckWait, BackOff: o.BackOff,
			MaxDeliver: o.MaxDeliver, InFlight: o.InFlight, Drain: o.Drain}
		cons, err := events.NewConsumer(ctx, js, spec, c.handler(sub.Function), o.Logger,
			events.WithTracerProvider(o.TracerProvider))
		if err != nil {
			return nil, fmt.Errorf("connector: %w", err)
		}
		c.consumers = append(c.consumers, cons)
	}
	return c, nil
}

// splitSubjects parts the subjects of the events stream from the others.
func splitSubjects(subjects []string) (durable, core []string) {
	for _, s := range subjects {
		if strings.HasPrefix(s, events.SubjectPrefix) {
			durable = append(durable, s)
		} else {
			core = append(core, s)
		}
	}
	return durable, core
}

// handler calls the function with one event, under the consumer span of
// its delivery (events.Consumer starts it), and turns its answer into the
// consumer's outcome.
func (c *Connector) handler(function string) events.Handler {
	return func(ctx context.Context, m jetstream.Msg) error {
		answer, err := c.invoker.Invoke(ctx, callOf(ctx, function, m.Subject(), m.Headers(), m.Data()))
		if err != nil {
			return err
		}
		return events.FromStatus(answer.Status, answer.Header, answer.Body)
	}
}

// callOf is the call that delivers one message: the message as the body,
// its headers as HTTP headers, its subject in X-Topic, and the trace
// context of ctx (the delivery's consumer span) in place of the
// producer's, so that the function's span is a child of the delivery's.
func callOf(ctx context.Context, function, subject string, h nats.Header, body []byte) Call {
	header := make(http.Header, len(h)+3)
	header.Set("Content-Type", "application/json")
	for k, v := range h {
		header[http.CanonicalHeaderKey(k)] = v
	}
	header.Set(events.TopicHeader, subject)
	header.Set("X-Connector", Name)
	telemetry.InjectHeaders(ctx, header)
	return Call{Function: function, Header: header, Body: body}
}

// Run delivers until ctx ends, then drains (Options.Drain) and returns
// nil, or what kept a consumer or subscription from starting.
func (c *Connector) Run(ctx context.Context) error {
	if err := c.Start(ctx); err != nil {
		return err
	}
	return c.Wait()
}

// Start subscribes (the subscriptions are in place when it returns) and
// starts delivering in the background until ctx ends; Wait waits for the
// drain.
func (c *Connector) Start(ctx context.Context) error {
	ctx, c.stop = context.WithCancel(ctx)
	subs, err := c.subscribe(ctx)
	if err != nil {
		c.stop()
		return err
	}
	if len(subs) > 0 {
		if err := c.nc.FlushWithContext(ctx); err != nil {
			c.log.Warn("connector: subscriptions not confirmed yet", "err", err)
		}
	}
	c.errs = make([]error, len(c.consumers))
	for i, cons := range c.consumers {
		c.running.Go(func() {
			if err := cons.Run(ctx); !errors.Is(err, context.Canceled) {
				c.errs[i] = err
				c.stop()
			}
		})
	}
	c.running.Go(func() {
		<-ctx.Done()
		for _, s := range subs {
			_ = s.Unsubscribe()
		}
	})
	return nil
}

// Wait returns once Start's context has ended and the calls in hand are
// settled: nil, or what stopped a consumer early.
func (c *Connector) Wait() error {
	c.running.Wait()
	return errors.Join(c.errs...)
}

// subscribe reads the subjects outside the events stream from core NATS,
// at most once, one message at a time per subscription.
func (c *Connector) subscribe(ctx context.Context) ([]*nats.Subscription, error) {
	var subs []*nats.Subscription
	for _, sub := range c.core {
		for _, subject := range sub.Subjects {
			s, err := c.nc.QueueSubscribe(subject, queueGroup, func(m *nats.Msg) { c.deliverCore(ctx, sub.Function, m) })
			if err != nil {
				for _, s := range subs {
					_ = s.Unsubscribe()
				}
				return nil, fmt.Errorf("connector: subscribe %s: %w", subject, err)
			}
			subs = append(subs, s)
		}
	}
	return subs, nil
}

// deliverCore calls the function with one core NATS message, at most
// once, under the consumer span of its delivery.
func (c *Connector) deliverCore(ctx context.Context, function string, m *nats.Msg) {
	ctx, span := c.spans.StartProcess(ctx, telemetry.Message{Subject: m.Subject,
		ID: m.Header.Get(jetstream.MsgIDHeader), BodySize: len(m.Data), Header: m.Header}, function)
	answer, err := c.invoker.Invoke(ctx, callOf(ctx, function, m.Subject, m.Header, m.Data))
	if err == nil {
		err = events.FromStatus(answer.Status, answer.Header, answer.Body)
	}
	telemetry.EndSpan(span, err)
	if err != nil && ctx.Err() == nil {
		c.log.Warn("connector call failed; the message is dropped", "function", function, "subject", m.Subject, "err", err)
	}
}
