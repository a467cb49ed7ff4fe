package function

import (
	"context"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/order"
)

// HandleMessage is the events.Handler of the push-notify consumer:
//
//	c, err := events.NewConsumer(ctx, js, events.ConsumerSpec{Name: "push-notify"}, n.HandleMessage, log)
//
// It decodes the event (an undecodable one is permanent: the consumer
// dead-letters it) and notifies; ctx carries the publisher's trace, as
// the consumer extracts it.
func (n *Notifier) HandleMessage(ctx context.Context, msg jetstream.Msg) error {
	e, err := order.DecodeEvent(msg.Data(), msg.Subject())
	if err != nil {
		return events.Permanent(err)
	}
	return n.Notify(ctx, e)
}
