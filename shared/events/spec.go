package events

import (
	"context"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// DefaultBackOff is the wait before each retry of a failed message: seconds,
// then minutes, then an hour.
var DefaultBackOff = []time.Duration{
	time.Second, 5 * time.Second, 30 * time.Second, 2 * time.Minute, 10 * time.Minute, 30 * time.Minute, time.Hour,
}

// ConsumerSpec describes a durable consumer of the events stream.
type ConsumerSpec struct {
	// Name is the durable name; dead letters go to orders.dlq.<Name>.
	Name string
	// Subjects filter the stream (default all events).
	Subjects []string
	// AckWait is how long a delivery may take before the server redelivers
	// it (default 30 s).
	AckWait time.Duration
	// BackOff is the wait before each retry (default DefaultBackOff).
	BackOff []time.Duration
	// MaxDeliver is how many deliveries before the message is
	// dead-lettered (default one more than the back-off steps).
	MaxDeliver int
	// InFlight is how many messages Consumer.Run handles at once (default
	// 1): the consumer's bulkhead, the most its recipient has in hand.
	InFlight int
	// Drain is how long the messages in hand may still take once Run's
	// context ends (default 0: their context ends with Run's).
	Drain time.Duration
}

func (s *ConsumerSpec) setDefaults() {
	if len(s.Subjects) == 0 {
		s.Subjects = []string{allEventsFilter}
	}
	if s.AckWait <= 0 {
		s.AckWait = 30 * time.Second
	}
	if len(s.BackOff) == 0 {
		s.BackOff = DefaultBackOff
	}
	if s.MaxDeliver <= 0 {
		s.MaxDeliver = len(s.BackOff) + 1
	}
	if s.InFlight <= 0 {
		s.InFlight = 1
	}
}

// Config is the JetStream configuration of the consumer. The back-off is
// applied by the consumer loop with NakWithDelay (a server-side BackOff
// would replace AckWait and redeliver slow handlers while they run).
func (s ConsumerSpec) Config() jetstream.ConsumerConfig {
	s.setDefaults()
	return jetstream.ConsumerConfig{
		Durable:        s.Name,
		Description:    "ordercenter consumer " + s.Name,
		FilterSubjects: s.Subjects,
		DeliverPolicy:  jetstream.DeliverAllPolicy,
		AckPolicy:      jetstream.AckExplicitPolicy,
		AckWait:        s.AckWait,
		MaxDeliver:     s.MaxDeliver,
		// Messages waiting out a retry delay count as pending: leave room
		// for a backlog (a rate-limited recipient, a gateway outage)
		// without stalling the rest.
		MaxAckPending: 4096,
	}
}

// Consumers are the durable consumers the order center runs.
func Consumers() []ConsumerSpec {
	return []ConsumerSpec{{Name: "push-notify"}}
}

// Setup creates or updates the streams and every consumer of Consumers;
// running it again changes nothing.
func Setup(ctx context.Context, js jetstream.JetStream, o StreamOptions) error {
	if err := SetupStreams(ctx, js, o); err != nil {
		return err
	}
	for _, spec := range Consumers() {
		if _, err := js.CreateOrUpdateConsumer(ctx, Stream, spec.Config()); err != nil {
			return fmt.Errorf("consumer %s: %w", spec.Name, err)
		}
	}
	return nil
}
