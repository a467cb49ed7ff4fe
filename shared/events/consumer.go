package events

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/ordercenter/ordercenter/shared/telemetry"
)

// Handler acts on one message. It returns nil when done, an error marked
// Permanent when the message can never succeed, and any other error to be
// retried later.
type Handler func(ctx context.Context, msg jetstream.Msg) error

// Headers a dead-lettered message carries besides the original ones.
const (
	HeaderDeadReason     = "Ordercenter-Dead-Reason"
	HeaderDeadSubject    = "Ordercenter-Dead-Subject"
	HeaderDeadDeliveries = "Ordercenter-Dead-Deliveries"
)

// A pull request lives pullExpiry and the server sends a heartbeat every
// pullHeartbeat while it has nothing: a pull lost with its server (the
// consumer's leader stopped, on a cluster) is noticed after two missed
// heartbeats and made again on the new leader, within seconds rather than
// the 30 s of the client's defaults.
const (
	pullExpiry    = 10 * time.Second
	pullHeartbeat = 2 * time.Second
)

// Consumer runs a Handler over a durable pull consumer.
type Consumer struct {
	js       jetstream.JetStream
	consumer jetstream.Consumer
	spec     ConsumerSpec
	handle   Handler
	log      *slog.Logger
	spans    telemetry.Messaging
}

// NewConsumer creates (or updates) the durable consumer of the spec on the
// events stream and returns a Consumer that runs handle over it, each
// delivery traced (WithTracerProvider).
func NewConsumer(ctx context.Context, js jetstream.JetStream, spec ConsumerSpec, handle Handler, log *slog.Logger, opts ...Option) (*Consumer, error) {
	spec.setDefaults()
	cons, err := js.CreateOrUpdateConsumer(ctx, Stream, spec.Config())
	if err != nil {
		return nil, fmt.Errorf("consumer %s: %w", spec.Name, err)
	}
	if log == nil {
		log = slog.Default()
	}
	return &Consumer{js: js, consumer: cons, spec: spec, handle: handle, log: log,
		spans: telemetry.NewMessaging(optionsOf(opts).tracerProvider)}, nil
}

// Run handles messages, up to spec.InFlight at once, until ctx ends. It
// then stops fetching, gives back (Nak) what it fetched but did not start,
// lets the messages in hand finish within spec.Drain (their context ends
// after it, and what is not settled by then is redelivered), and returns
// ctx.Err().
func (c *Consumer) Run(ctx context.Context) error {
	it, err := c.consumer.Messages(jetstream.PullMaxMessages(max(16, 2*c.spec.InFlight)),
		jetstream.PullExpiry(pullExpiry), jetstream.PullHeartbeat(pullHeartbeat))
	if err != nil {
		return fmt.Errorf("consumer %s: %w", c.spec.Name, err)
	}
	work, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWork()
	stop := context.AfterFunc(ctx, func() {
		it.Drain()
		time.AfterFunc(c.spec.Drain, stopWork)
	})
	defer stop()
	slots := make(chan struct{}, c.spec.InFlight)
	var inHand sync.WaitGroup
	defer inHand.Wait()
	for {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			giveBack(it)
			return ctx.Err()
		}
		msg, err := it.Next()
		if errors.Is(err, jetstream.ErrMsgIteratorClosed) {
			return ctx.Err()
		}
		if err != nil {
			<-slots
			c.log.WarnContext(ctx, "consumer fetch failed", "consumer", c.spec.Name, "err", err)
			continue
		}
		if ctx.Err() != nil {
			_ = msg.Nak()
			<-slots
			continue
		}
		inHand.Go(func() {
			defer func() { <-slots }()
			c.Process(work, msg)
		})
	}
}

// giveBack naks what the draining iterator still holds, so that it is
// redelivered at once rather than after AckWait.
func giveBack(it jetstream.MessagesContext) {
	for {
		msg, err := it.Next()
		if err != nil {
			return
		}
		_ = msg.Nak()
	}
}

// Process handles one message and settles it: ack when done; terminate and
// dead-letter when permanent or out of deliveries; otherwise nak with the
// next delay of the back-off schedule. The handling is a consumer span
// named after the subject, child of the producer span whose context the
// message carries.
func (c *Consumer) Process(ctx context.Context, msg jetstream.Msg) {
	ctx, span := c.spans.StartProcess(ctx, telemetry.Message{Subject: msg.Subject(),
		ID: msg.Headers().Get(jetstream.MsgIDHeader), BodySize: len(msg.Data()), Header: msg.Headers()}, c.spec.Name)
	hctx, cancel := context.WithTimeout(ctx, c.spec.AckWait-time.Second)
	err := c.handle(hctx, msg)
	cancel()
	telemetry.EndSpan(span, err)
	if err == nil {
		c.settle(ctx, msg, msg.Ack())
		return
	}
	delivered := deliveries(msg)
	if IsPermanent(err) || delivered >= uint64(c.spec.MaxDeliver) {
		c.giveUp(ctx, msg, delivered, err)
		return
	}
	c.settle(ctx, msg, msg.NakWithDelay(retryDelay(c.spec.BackOff, delivered, err)))
}

func (c *Consumer) giveUp(ctx context.Context, msg jetstream.Msg, delivered uint64, cause error) {
	reason := fmt.Sprintf("after %d deliveries: %v", delivered, cause)
	c.log.WarnContext(ctx, "dead-lettering a message", "consumer", c.spec.Name,
		"subject", msg.Subject(), "reason", reason)
	if err := c.deadLetter(ctx, msg, delivered, reason); err != nil {
		// Not settled: the message comes back after AckWait and is tried
		// again, rather than lost.
		c.log.ErrorContext(ctx, "dead letter not written", "consumer", c.spec.Name, "err", err)
		return
	}
	c.settle(ctx, msg, msg.TermWithReason(truncate(reason, 256)))
}

func (c *Consumer) deadLetter(ctx context.Context, msg jetstream.Msg, delivered uint64, reason string) error {
	dead := nats.NewMsg(DeadLetterRoot + c.spec.Name)
	dead.Data = msg.Data()
	for k, v := range msg.Headers() {
		dead.Header[k] = v
	}
	dead.Header.Set(HeaderDeadReason, truncate(reason, 1024))
	dead.Header.Set(HeaderDeadSubject, msg.Subject())
	dead.Header.Set(HeaderDeadDeliveries, strconv.FormatUint(delivered, 10))
	if id := dead.Header.Get(jetstream.MsgIDHeader); id != "" {
		dead.Header.Set(jetstream.MsgIDHeader, c.spec.Name+":"+id)
	}
	_, err := c.js.PublishMsg(ctx, dead)
	return err
}

func (c *Consumer) settle(ctx context.Context, msg jetstream.Msg, err error) {
	if err != nil {
		c.log.WarnContext(ctx, "message not settled; it will be redelivered", "consumer", c.spec.Name, "err", err)
	}
}

func deliveries(msg jetstream.Msg) uint64 {
	meta, err := msg.Metadata()
	if err != nil {
		return 1
	}
	return meta.NumDelivered
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
