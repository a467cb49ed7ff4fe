package events

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.opentelemetry.io/otel/trace"

	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/origin"
	"github.com/ordercenter/ordercenter/shared/telemetry"
)

// ErrUnavailable: NATS is not connected; nothing was published. The
// repository keeps the events for the healer.
var ErrUnavailable = errors.New("events: nats unavailable")

// DefaultPublishTimeout bounds one Publish when the caller's deadline is
// later: a slow NATS must not hold an order's answer for long.
const DefaultPublishTimeout = time.Second

// Publisher publishes order events to JetStream. It implements the order
// repository's Publisher.
type Publisher struct {
	nc      *nats.Conn
	js      jetstream.JetStream
	signer  Signer
	timeout time.Duration
	now     func() time.Time
	spans   telemetry.Messaging
}

// Signer proves that an event's bytes come from the order center (an
// *origin.Signer): the value of the origin header.
type Signer interface {
	Sign(body []byte) (string, error)
}

// NewPublisher publishes through the connection, each event signed by
// signer (nil: unsigned, for tests of what does not check origin), each
// publish traced (WithTracerProvider).
func NewPublisher(nc *nats.Conn, signer Signer, opts ...Option) (*Publisher, error) {
	js, err := jetstream.New(nc)
	if err != nil {
		return nil, fmt.Errorf("events publisher: %w", err)
	}
	o := optionsOf(opts)
	return &Publisher{nc: nc, js: js, signer: signer, timeout: DefaultPublishTimeout, now: time.Now,
		spans: telemetry.NewMessaging(o.tracerProvider)}, nil
}

// Publish sends the events and waits until the stream has stored each (or
// recognised it as a duplicate). While NATS is disconnected it fails at
// once with ErrUnavailable instead of waiting. Each event's publish is a
// producer span, child of the span in ctx, whose context the message's
// headers carry (traceparent).
func (p *Publisher) Publish(ctx context.Context, evs []order.Event) error {
	if !p.nc.IsConnected() {
		return ErrUnavailable
	}
	ctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	sends := make([]send, 0, len(evs))
	defer func() { endSends(sends, errUnsettled) }()
	for _, e := range evs {
		msg, err := p.message(e)
		if err != nil {
			return err
		}
		_, span := p.spans.StartSend(ctx, telemetry.Message{Subject: msg.Subject, ID: e.EventID,
			BodySize: len(msg.Data), Header: msg.Header})
		f, err := p.js.PublishMsgAsync(msg)
		if err != nil {
			err = fmt.Errorf("publish %s: %w", e.EventID, err)
			telemetry.EndSpan(span, err)
			return err
		}
		sends = append(sends, send{future: f, span: span})
	}
	return awaitAcks(ctx, sends)
}

// send is one message on its way, and its span.
type send struct {
	future jetstream.PubAckFuture
	span   trace.Span
}

// errUnsettled ends the span of a message whose acknowledgement was not
// awaited, because an earlier one failed.
var errUnsettled = errors.New("publish: not acknowledged before an earlier message failed")

// awaitAcks waits for each acknowledgement in turn, ending each span as
// its message is settled; it empties sends of the spans it ended.
func awaitAcks(ctx context.Context, sends []send) error {
	for i, s := range sends {
		var err error
		select {
		case <-s.future.Ok():
		case cause := <-s.future.Err():
			err = fmt.Errorf("publish %s: %w", s.future.Msg().Header.Get(jetstream.MsgIDHeader), cause)
		case <-ctx.Done():
			err = fmt.Errorf("publish: %w: %w", ErrUnavailable, ctx.Err())
		}
		telemetry.EndSpan(s.span, err)
		sends[i].span = nil
		if err != nil {
			return err
		}
	}
	return nil
}

// endSends ends the spans still open, with err.
func endSends(sends []send, err error) {
	for _, s := range sends {
		if s.span != nil {
			telemetry.EndSpan(s.span, err)
		}
	}
}

// message is the NATS message of an event: its JSON, its id as the
// de-duplication id, its proof of origin.
func (p *Publisher) message(e order.Event) (*nats.Msg, error) {
	published := p.now().UTC()
	e.PublishedAt = &published
	body, err := json.Marshal(e)
	if err != nil {
		return nil, fmt.Errorf("encode event %s: %w", e.EventID, err)
	}
	msg := nats.NewMsg(Subject(e.Type))
	msg.Data = body
	msg.Header.Set(jetstream.MsgIDHeader, e.EventID)
	if p.signer != nil {
		proof, err := p.signer.Sign(body)
		if err != nil {
			return nil, fmt.Errorf("sign event %s: %w", e.EventID, err)
		}
		msg.Header.Set(origin.Header, proof)
	}
	return msg, nil
}
