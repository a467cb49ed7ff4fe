package eventstest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/ordercenter/ordercenter/shared/events"
)

// Settled waits, up to within, until the durable consumer of the events
// stream has nothing pending and nothing unacknowledged, and fails the
// test with what is left when it does not get there.
func Settled(t testing.TB, js jetstream.JetStream, consumer string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		left := unsettled(js, consumer)
		if left == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal(left)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// unsettled says what the consumer has left, "" when nothing.
func unsettled(js jetstream.JetStream, consumer string) string {
	ctx := context.Background()
	c, err := js.Consumer(ctx, events.Stream, consumer)
	if err != nil {
		return err.Error()
	}
	ci, err := c.Info(ctx)
	if err != nil {
		return err.Error()
	}
	if ci.NumPending != 0 || ci.NumAckPending != 0 {
		return fmt.Sprintf("consumer %s: %d pending, %d unacknowledged", consumer, ci.NumPending, ci.NumAckPending)
	}
	return ""
}
