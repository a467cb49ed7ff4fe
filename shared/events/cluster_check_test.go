package events_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/events/eventstest"
)

// effectLedger is what the consumer of the cluster test did: every
// delivery it handled, and the effects it applied, by event id. It
// applies an event's effect only the first time it sees the id, as the
// order center's consumers do (idempotent on event_id).
type effectLedger struct {
	mu         sync.Mutex
	deliveries map[string]int
	effects    map[string]int
}

func newEffectLedger() *effectLedger {
	return &effectLedger{deliveries: map[string]int{}, effects: map[string]int{}}
}

// apply records a delivery of the event and applies its effect unless it
// was applied before.
func (l *effectLedger) apply(eventID string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.deliveries[eventID]++
	if l.effects[eventID] == 0 {
		l.effects[eventID]++
	}
}

// waitFor waits until every expected event took effect.
func (l *effectLedger) waitFor(t *testing.T, expected map[string]bool) {
	t.Helper()
	deadline := time.Now().Add(clusterWait)
	for {
		l.mu.Lock()
		n := 0
		for id := range expected {
			if l.effects[id] > 0 {
				n++
			}
		}
		l.mu.Unlock()
		if n == len(expected) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d events reached the consumer within %s", n, len(expected), clusterWait)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// check: the consumer handled exactly the expected events, each took
// effect once.
func (l *effectLedger) check(t *testing.T, expected map[string]bool) {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	for id := range l.deliveries {
		if !expected[id] {
			t.Errorf("event %s delivered, which no order's timeline holds", id)
		}
	}
	for id := range expected {
		if l.effects[id] != 1 {
			t.Errorf("event %s took effect %d times, want 1", id, l.effects[id])
		}
	}
	if len(l.deliveries) != len(expected) {
		t.Errorf("%d distinct events delivered, want %d", len(l.deliveries), len(expected))
	}
}

// redeliveries counts the deliveries past each event's first.
func (l *effectLedger) redeliveries() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, d := range l.deliveries {
		n += d - 1
	}
	return n
}

// checkStreamHoldsEachOnce: the stream dropped every republished event
// (Nats-Msg-Id = event id), through the failover.
func checkStreamHoldsEachOnce(t *testing.T, js jetstream.JetStream, events int) {
	t.Helper()
	if st := streamInfo(t, js).State; st.Msgs != uint64(events) {
		t.Errorf("the stream holds %d messages, want one for each of the %d events", st.Msgs, events)
	}
}

// streamInfo is the events stream's information as its leader tells it.
func streamInfo(t *testing.T, js jetstream.JetStream) *jetstream.StreamInfo {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), clusterWait)
	defer cancel()
	s, err := js.Stream(ctx, events.Stream)
	if err != nil {
		t.Fatal(err)
	}
	return s.CachedInfo()
}

// waitCaughtUp waits until the node's own replica of the events stream
// holds what the leader holds.
func waitCaughtUp(t *testing.T, node *eventstest.Server, want jetstream.StreamState) {
	t.Helper()
	deadline := time.Now().Add(clusterWait)
	var got server.StreamState
	for {
		var ok bool
		got, ok = node.StreamState(events.Stream)
		if ok && got.LastSeq == want.LastSeq && got.Msgs == want.Msgs {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s restarted holds last seq %d, %d messages; the stream is at %d, %d", node.Name(),
				got.LastSeq, got.Msgs, want.LastSeq, want.Msgs)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
