package events

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// ErrNoDeadLetter: the dead-letter stream holds no message of that
// sequence (never written, dropped, or replayed and deleted).
var ErrNoDeadLetter = errors.New("events: no such dead letter")

// DeadMessage is one message a consumer gave up on, as the dead-letter
// stream keeps it.
type DeadMessage struct {
	// Seq is its sequence in the dead-letter stream: how an operator
	// names it.
	Seq uint64
	// Consumer is the durable consumer that gave up (orders.dlq.<Consumer>).
	Consumer string
	// Subject is where the event was published (orders.events.<type>).
	Subject string
	// EventID, Type and OrderID are read from the body when it is an
	// event ("" when it is not).
	EventID, Type, OrderID string
	// Reason, Deliveries: why and after how many deliveries.
	Reason     string
	Deliveries uint64
	// At is when it was dead-lettered.
	At time.Time
	// Data and Header are the message as it was delivered, plus the
	// dead-letter headers.
	Data   []byte
	Header nats.Header
}

// DeadLetters reads and settles the dead-letter stream.
type DeadLetters struct {
	js     jetstream.JetStream
	stream jetstream.Stream
}

// OpenDeadLetters opens the dead-letter stream (made by Setup).
func OpenDeadLetters(ctx context.Context, js jetstream.JetStream) (*DeadLetters, error) {
	s, err := js.Stream(ctx, DeadLetter)
	if err != nil {
		return nil, fmt.Errorf("dead letters: stream %s: %w", DeadLetter, err)
	}
	return &DeadLetters{js: js, stream: s}, nil
}

// Get returns the dead letter of the sequence, or ErrNoDeadLetter.
func (d *DeadLetters) Get(ctx context.Context, seq uint64) (DeadMessage, error) {
	m, err := d.stream.GetMsg(ctx, seq)
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return DeadMessage{}, fmt.Errorf("dead letter %d: %w", seq, ErrNoDeadLetter)
	}
	if err != nil {
		return DeadMessage{}, fmt.Errorf("dead letter %d: %w", seq, err)
	}
	return deadLetterOf(m), nil
}

// Each calls fn with every dead letter of the consumer (every consumer's
// when it is ""), oldest first, until fn returns false. Letters written
// while it runs may be seen or not.
func (d *DeadLetters) Each(ctx context.Context, consumer string, fn func(DeadMessage) bool) error {
	filter := DeadLetterRoot + ">"
	if consumer != "" {
		filter = DeadLetterRoot + consumer
	}
	for seq := uint64(1); ; {
		m, err := d.stream.GetMsg(ctx, seq, jetstream.WithGetMsgSubject(filter))
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("dead letters after %d: %w", seq, err)
		}
		if !fn(deadLetterOf(m)) {
			return nil
		}
		seq = m.Sequence + 1
	}
}

// List returns up to limit dead letters of the consumer (every
// consumer's when it is ""; every letter when limit is 0), oldest first.
func (d *DeadLetters) List(ctx context.Context, consumer string, limit int) ([]DeadMessage, error) {
	var out []DeadMessage
	err := d.Each(ctx, consumer, func(l DeadMessage) bool {
		out = append(out, l)
		return limit <= 0 || len(out) < limit
	})
	return out, err
}

// Counts returns how many dead letters each consumer has.
func (d *DeadLetters) Counts(ctx context.Context) (map[string]uint64, error) {
	info, err := d.stream.Info(ctx, jetstream.WithSubjectFilter(DeadLetterRoot+">"))
	if err != nil {
		return nil, fmt.Errorf("dead letters: %w", err)
	}
	out := make(map[string]uint64, len(info.State.Subjects))
	for subject, n := range info.State.Subjects {
		out[strings.TrimPrefix(subject, DeadLetterRoot)] = n
	}
	return out, nil
}

// Drop deletes the dead letter of the sequence; ErrNoDeadLetter when
// there is none.
func (d *DeadLetters) Drop(ctx context.Context, seq uint64) error {
	err := d.stream.DeleteMsg(ctx, seq)
	if errors.Is(err, jetstream.ErrMsgNotFound) ||
		(errors.Is(err, jetstream.ErrMsgDeleteUnsuccessful) && strings.Contains(err.Error(), "no message found")) {
		return fmt.Errorf("dead letter %d: %w", seq, ErrNoDeadLetter)
	}
	if err != nil {
		return fmt.Errorf("drop dead letter %d: %w", seq, err)
	}
	return nil
}

// deadLetterOf reads a stored dead letter.
func deadLetterOf(m *jetstream.RawStreamMsg) DeadMessage {
	l := DeadMessage{Seq: m.Sequence, Consumer: strings.TrimPrefix(m.Subject, DeadLetterRoot),
		Subject: m.Header.Get(HeaderDeadSubject), Reason: m.Header.Get(HeaderDeadReason),
		At: m.Time, Data: m.Data, Header: m.Header}
	l.Deliveries, _ = strconv.ParseUint(m.Header.Get(HeaderDeadDeliveries), 10, 64)
	var ev struct {
		EventID string `json:"event_id"`
		Type    string `json:"type"`
		OrderID string `json:"order_id"`
	}
	if json.Unmarshal(m.Data, &ev) == nil {
		l.EventID, l.Type, l.OrderID = ev.EventID, ev.Type, ev.OrderID
	}
	return l
}
