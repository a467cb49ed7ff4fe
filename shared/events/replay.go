package events

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// ErrNotReplayable: the dead letter names no subject of the events
// stream, so there is nowhere to publish it again.
var ErrNotReplayable = errors.New("events: dead letter has no event subject")

// Replayed is what replaying one dead letter did.
type Replayed struct {
	Letter DeadMessage
	// MsgID is the de-duplication id it was published under (ReplayID).
	MsgID string
	// StreamSeq is its sequence in the events stream.
	StreamSeq uint64
	// Duplicate: the events stream had it already (an earlier replay of
	// the same letter stopped before deleting it).
	Duplicate bool
	// Shared: the same event was published by the replay of another
	// letter in the same run; this letter was only deleted.
	Shared bool
}

// ReplayID is the de-duplication id of the replay of a dead letter,
// "<event_id>.replay.<seq>": new, so that the events stream's duplicate
// window does not drop it as the event it was, and the same on every
// replay of that letter, so that a replay interrupted before the letter
// was deleted and done again within the window is stored once.
func ReplayID(l DeadMessage) string {
	id := l.EventID
	if id == "" {
		id = "dead-letter"
	}
	return id + ".replay." + strconv.FormatUint(l.Seq, 10)
}

// ReplayMessage is the message that delivers a dead letter once more: its
// body and headers as the consumer got them (the proof of origin still
// verifies, the trace context is kept) on its original subject, without
// the dead-letter headers, under ReplayID. ErrNotReplayable when the
// letter's subject is not an event subject.
func ReplayMessage(l DeadMessage) (*nats.Msg, error) {
	if !strings.HasPrefix(l.Subject, SubjectPrefix) {
		return nil, fmt.Errorf("dead letter %d: subject %q: %w", l.Seq, l.Subject, ErrNotReplayable)
	}
	msg := nats.NewMsg(l.Subject)
	msg.Data = l.Data
	for k, v := range l.Header {
		switch k {
		case HeaderDeadReason, HeaderDeadSubject, HeaderDeadDeliveries:
			continue
		}
		msg.Header[k] = append([]string(nil), v...)
	}
	msg.Header.Set(jetstream.MsgIDHeader, ReplayID(l))
	return msg, nil
}

// Replay publishes the letter's event again on its subject, where every
// consumer of that subject receives it (consumers are idempotent on
// event id, so those that had it already do nothing), waits until the
// events stream has stored it, then deletes the letter. When the delete
// fails the letter stays; replaying it again is stored once within the
// stream's duplicate window and harmless after.
func (d *DeadLetters) Replay(ctx context.Context, l DeadMessage) (Replayed, error) {
	msg, err := ReplayMessage(l)
	if err != nil {
		return Replayed{Letter: l}, err
	}
	ack, err := d.js.PublishMsg(ctx, msg, jetstream.WithExpectStream(Stream))
	if err != nil {
		return Replayed{Letter: l}, fmt.Errorf("replay dead letter %d: %w", l.Seq, err)
	}
	r := Replayed{Letter: l, MsgID: ReplayID(l), StreamSeq: ack.Sequence, Duplicate: ack.Duplicate}
	if err := d.Drop(ctx, l.Seq); err != nil && !errors.Is(err, ErrNoDeadLetter) {
		return r, fmt.Errorf("replayed dead letter %d (events seq %d) but: %w", l.Seq, ack.Sequence, err)
	}
	return r, nil
}

// ReplayAll replays every dead letter of the consumer (every consumer's
// when it is ""), oldest first, calling done after each. An event that
// several letters hold (dead-lettered by two consumers, or twice) is
// published once: the later letters are only deleted. It stops at the
// first failure.
func (d *DeadLetters) ReplayAll(ctx context.Context, consumer string, done func(Replayed)) error {
	letters, err := d.List(ctx, consumer, 0)
	if err != nil {
		return err
	}
	published := map[string]Replayed{}
	for _, l := range letters {
		key := l.Subject + "\x00" + l.EventID
		if first, ok := published[key]; ok && l.EventID != "" {
			if err := d.Drop(ctx, l.Seq); err != nil && !errors.Is(err, ErrNoDeadLetter) {
				return err
			}
			done(Replayed{Letter: l, MsgID: first.MsgID, StreamSeq: first.StreamSeq, Shared: true})
			continue
		}
		r, err := d.Replay(ctx, l)
		if err != nil {
			return err
		}
		published[key] = r
		done(r)
	}
	return nil
}
