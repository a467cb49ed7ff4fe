package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/ordercenter/ordercenter/shared/events"
)

func runConsumers(ctx context.Context, args []string, e env) error {
	fs := newFlags("consumers", "consumers",
		"Shows every durable consumer of the events stream: pending (events not yet\n"+
			"delivered: the lag), ack pending (delivered, not yet settled, retries waiting\n"+
			"out their delay included), redeliveries, the last delivery and the dead\n"+
			"letters it left.", e.stderr)
	timeout := fs.Duration("timeout", defaultTimeout, "how long to try")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return wrongly(fs, "unexpected argument %q", rest[0])
	}
	d, err := openDeps(e)
	if err != nil {
		return err
	}
	defer d.Close()
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	js, err := jetStream(d)
	if err != nil {
		return err
	}
	infos, dead, err := consumerInfos(ctx, js)
	if err != nil {
		return unreachable(err, "NATS at "+d.Config.NATSURL)
	}
	printConsumers(e.stdout, infos, dead, time.Now())
	return nil
}

// consumerInfos reads every durable consumer of the events stream, and the
// dead letters of each.
func consumerInfos(ctx context.Context, js jetstream.JetStream) ([]*jetstream.ConsumerInfo, map[string]uint64, error) {
	s, err := js.Stream(ctx, events.Stream)
	if err != nil {
		return nil, nil, fmt.Errorf("stream %s: %w", events.Stream, err)
	}
	var infos []*jetstream.ConsumerInfo
	list := s.ListConsumers(ctx)
	for ci := range list.Info() {
		if ci.Config.Durable != "" {
			infos = append(infos, ci)
		}
	}
	if err := list.Err(); err != nil {
		return nil, nil, fmt.Errorf("consumers of %s: %w", events.Stream, err)
	}
	dl, err := events.OpenDeadLetters(ctx, js)
	if err != nil {
		return nil, nil, err
	}
	dead, err := dl.Counts(ctx)
	return infos, dead, err
}

func printConsumers(w io.Writer, infos []*jetstream.ConsumerInfo, dead map[string]uint64, now time.Time) {
	if len(infos) == 0 {
		fmt.Fprintf(w, "no durable consumers on %s (is the connector running? ocadmin create-streams makes push-notify's)\n", events.Stream)
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CONSUMER\tSUBJECTS\tPENDING\tACK PENDING\tREDELIVERED\tLAST DELIVERY\tDEAD LETTERS")
	for _, ci := range infos {
		var last time.Time
		if ci.Delivered.Last != nil {
			last = *ci.Delivered.Last
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%s\t%d\n", ci.Name, subjects(ci.Config), ci.NumPending,
			ci.NumAckPending, ci.NumRedelivered, when(last, now), dead[ci.Name])
	}
	_ = tw.Flush()
}

func subjects(c jetstream.ConsumerConfig) string {
	if c.FilterSubject != "" {
		return c.FilterSubject
	}
	if len(c.FilterSubjects) == 0 {
		return "(all)"
	}
	return strings.Join(c.FilterSubjects, ",")
}
