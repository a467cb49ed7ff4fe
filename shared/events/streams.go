package events

import (
	"context"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/ordercenter/ordercenter/shared/order"
)

// Names of the streams and subjects.
const (
	Stream          = "ORDER_EVENTS"
	SubjectPrefix   = order.EventSubjectPrefix
	DeadLetter      = "ORDER_EVENTS_DLQ"
	DeadLetterRoot  = "orders.dlq."
	allEventsFilter = SubjectPrefix + ">"
)

// TopicHeader carries the subject of an event when a NATS connector
// delivers it over HTTP (the OpenFaaS connector and the runner's): pass
// it to order.DecodeEvent with the body.
const TopicHeader = "X-Topic"

// Subject is where events of a type are published, t.Subject().
func Subject(t order.EventType) string { return t.Subject() }

// MaxReplicas is the most servers JetStream keeps a stream on.
const MaxReplicas = 5

// StreamOptions size the streams; the zero value suits one machine.
type StreamOptions struct {
	// Replicas is how many servers keep each stream (NATS_STREAM_REPLICAS
	// where the streams are created): 1 on one server, as many as the
	// JetStream cluster has servers on a cluster (3), so that losing one
	// loses no acknowledged event; at most MaxReplicas.
	Replicas int
	// MaxAge is how long events are kept for replay (default 7 days).
	MaxAge time.Duration
	// DuplicateWindow is how long the stream remembers event ids to drop
	// republished events (default 15 minutes, well past the healer's 30 s
	// wait before it republishes).
	DuplicateWindow time.Duration
}

func (o *StreamOptions) setDefaults() {
	if o.Replicas <= 0 {
		o.Replicas = 1
	}
	if o.MaxAge <= 0 {
		o.MaxAge = 7 * 24 * time.Hour
	}
	if o.DuplicateWindow <= 0 {
		o.DuplicateWindow = 15 * time.Minute
	}
}

// StreamConfigs are the two streams: the events, and what consumers gave
// up on (kept 30 days for an operator).
func StreamConfigs(o StreamOptions) []jetstream.StreamConfig {
	o.setDefaults()
	return []jetstream.StreamConfig{{
		Name:        Stream,
		Description: "order center events, orders.events.<type>",
		Subjects:    []string{allEventsFilter},
		Retention:   jetstream.LimitsPolicy,
		Storage:     jetstream.FileStorage,
		Replicas:    o.Replicas,
		MaxAge:      o.MaxAge,
		Duplicates:  o.DuplicateWindow,
		Discard:     jetstream.DiscardOld,
	}, {
		Name:        DeadLetter,
		Description: "events a consumer gave up on, orders.dlq.<consumer>, with the reason",
		Subjects:    []string{DeadLetterRoot + ">"},
		Retention:   jetstream.LimitsPolicy,
		Storage:     jetstream.FileStorage,
		Replicas:    o.Replicas,
		MaxAge:      30 * 24 * time.Hour,
	}}
}

// SetupStreams creates or updates the streams; running it again changes
// nothing.
func SetupStreams(ctx context.Context, js jetstream.JetStream, o StreamOptions) error {
	for _, cfg := range StreamConfigs(o) {
		if _, err := js.CreateOrUpdateStream(ctx, cfg); err != nil {
			return fmt.Errorf("stream %s: %w", cfg.Name, err)
		}
	}
	return nil
}
