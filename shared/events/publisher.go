package events

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

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
}

// Signer proves that an event's bytes come from the order center (an
// *origin.Signer): the value of the origin header.
type Signer interface {
	Sign(body []byte) (string, error)
}

// NewPublisher publishes through the connection, each event signed by
// signer (nil: unsigned, for tests of what does not check origin).
func NewPublisher(nc *nats.Conn, signer Signer) (*Publisher, error) {
	js, err := jetstream.New(nc)
	if err != nil {
		return nil, fmt.Errorf("events publisher: %w", err)
	}
	return &Publisher{nc: nc, js: js, signer: signer, timeout: DefaultPublishTimeout, now: time.Now}, nil
}

// Publish sends the events and waits until the stream has stored each (or
// recognised it as a duplicate). While NATS is disconnected it fails at
// once with ErrUnavailable instead of waiting.
func (p *Publisher) Publish(ctx context.Context, evs []order.Event) error {
	if !p.nc.IsConnected() {
		return ErrUnavailable
	}
	ctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	futures := make([]jetstream.PubAckFuture, 0, len(evs))
	for _, e := range evs {
		msg, err := p.message(ctx, e)
		if err != nil {
			return err
		}
		f, err := p.js.PublishMsgAsync(msg)
		if err != nil {
			return fmt.Errorf("publish %s: %w", e.EventID, err)
		}
		futures = append(futures, f)
	}
	return awaitAcks(ctx, futures)
}

func awaitAcks(ctx context.Context, futures []jetstream.PubAckFuture) error {
	for _, f := range futures {
		select {
		case <-f.Ok():
		case err := <-f.Err():
			return fmt.Errorf("publish %s: %w", f.Msg().Header.Get(jetstream.MsgIDHeader), err)
		case <-ctx.Done():
			return fmt.Errorf("publish: %w: %w", ErrUnavailable, ctx.Err())
		}
	}
	return nil
}

// message is the NATS message of an event: its JSON, its id as the
// de-duplication id, the trace context of ctx.
func (p *Publisher) message(ctx context.Context, e order.Event) (*nats.Msg, error) {
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
	telemetry.InjectEventHeaders(ctx, msg.Header)
	return msg, nil
}
