package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/ordercenter/ordercenter/shared/events"
)

func runDLQReplay(ctx context.Context, args []string, e env) error {
	fs := newFlags("dlq replay", "dlq replay <seq>|--all [--consumer C]",
		"Publishes each dead letter again on its original subject (orders.events.<type>),\n"+
			"body and headers as they were (the proof of origin still verifies), under the\n"+
			"new message id <event_id>.replay.<seq>, then deletes it. Every consumer of\n"+
			"that subject receives it again; they are idempotent on event_id, so those\n"+
			"that had it already do nothing.", e.stderr)
	t, err := parseTarget(fs, args)
	if err != nil {
		return err
	}
	return withDeadLetters(ctx, e, t.timeout, func(ctx context.Context, dl *events.DeadLetters) error {
		if !t.all {
			l, err := dl.Get(ctx, t.seq)
			if err != nil {
				return notThere(err)
			}
			r, err := dl.Replay(ctx, l)
			if err != nil {
				return err
			}
			printReplayed(e, r)
			return nil
		}
		n := 0
		err := dl.ReplayAll(ctx, t.consumer, func(r events.Replayed) { n++; printReplayed(e, r) })
		fmt.Fprintf(e.stdout, "%d dead letters replayed%s\n", n, of(t.consumer))
		return err
	})
}

// printReplayed says what became of one letter.
func printReplayed(e env, r events.Replayed) {
	l := r.Letter
	switch {
	case r.Shared:
		fmt.Fprintf(e.stdout, "dead letter %d (%s, %s): same event as one replayed above, deleted\n", l.Seq, l.Consumer, orDash(l.EventID))
	case r.Duplicate:
		fmt.Fprintf(e.stdout, "dead letter %d (%s, %s): already republished as %s, deleted\n", l.Seq, l.Consumer, orDash(l.EventID), r.MsgID)
	default:
		fmt.Fprintf(e.stdout, "dead letter %d (%s, %s): republished on %s as %s (events seq %d), deleted\n",
			l.Seq, l.Consumer, orDash(l.EventID), l.Subject, r.MsgID, r.StreamSeq)
	}
}

func runDLQDrop(ctx context.Context, args []string, e env) error {
	fs := newFlags("dlq drop", "dlq drop <seq>|--all [--consumer C]",
		"Deletes dead letters without delivering them.", e.stderr)
	t, err := parseTarget(fs, args)
	if err != nil {
		return err
	}
	return withDeadLetters(ctx, e, t.timeout, func(ctx context.Context, dl *events.DeadLetters) error {
		if !t.all {
			if err := dl.Drop(ctx, t.seq); err != nil {
				return notThere(err)
			}
			fmt.Fprintf(e.stdout, "dead letter %d dropped\n", t.seq)
			return nil
		}
		letters, err := dl.List(ctx, t.consumer, 0)
		if err != nil {
			return err
		}
		for _, l := range letters {
			if err := dl.Drop(ctx, l.Seq); err != nil && !errors.Is(err, events.ErrNoDeadLetter) {
				return err
			}
		}
		fmt.Fprintf(e.stdout, "%d dead letters dropped%s\n", len(letters), of(t.consumer))
		return nil
	})
}

// notThere explains a sequence the stream does not hold.
func notThere(err error) error {
	if errors.Is(err, events.ErrNoDeadLetter) {
		return fmt.Errorf("%w (already replayed or dropped? see 'ocadmin dlq list')", err)
	}
	return err
}
