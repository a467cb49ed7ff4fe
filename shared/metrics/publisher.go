package metrics

import (
	"context"

	"github.com/ordercenter/ordercenter/shared/order"
)

// Publisher hands events on (the order repository's Publisher; the
// events package's *Publisher is one).
type Publisher interface {
	Publish(ctx context.Context, events []order.Event) error
}

// Publisher returns p counting, by subject, the events of each Publish
// that JetStream acknowledged in full (a Publish that failed counts
// none: the healer publishes its events again, and they are counted
// then). A nil Recorder returns p itself.
func (r *Recorder) Publisher(p Publisher) Publisher {
	if r == nil || p == nil {
		return p
	}
	return countingPublisher{Publisher: p, r: r}
}

type countingPublisher struct {
	Publisher
	r *Recorder
}

func (c countingPublisher) Publish(ctx context.Context, events []order.Event) error {
	if err := c.Publisher.Publish(ctx, events); err != nil {
		return err
	}
	for _, ev := range events {
		c.r.add(ctx, c.r.published, 1, SubjectKey.String(ev.Type.Subject()))
	}
	return nil
}
