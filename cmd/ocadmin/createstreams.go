package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/ordercenter/ordercenter/shared/events"
)

// runCreateStreams creates or updates the JetStream streams and consumers
// of the order center; running it again changes nothing.
func runCreateStreams(ctx context.Context, args []string, e env) error {
	fs := flag.NewFlagSet("ocadmin create-streams", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	url := fs.String("nats-url", orDefault(e.getenv("NATS_URL"), nats.DefaultURL), "NATS server, taken from $NATS_URL")
	var opts events.StreamOptions
	fs.IntVar(&opts.Replicas, "replicas", 1, "stream replicas: 1 on one server, 3 on a JetStream cluster")
	fs.DurationVar(&opts.MaxAge, "max-age", 7*24*time.Hour, "how long events are kept for replay")
	fs.DurationVar(&opts.DuplicateWindow, "duplicate-window", 15*time.Minute, "how long event ids are remembered to drop republished events")
	timeout := fs.Duration("timeout", 30*time.Second, "how long to try")
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	nc, err := nats.Connect(*url, nats.Name("ocadmin"))
	if err != nil {
		return fmt.Errorf("connect to %s: %w", *url, err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return err
	}
	if err := events.Setup(ctx, js, opts); err != nil {
		return err
	}
	for _, s := range events.StreamConfigs(opts) {
		fmt.Fprintf(e.stdout, "stream %s: subjects %v, replicas %d, max age %s, duplicate window %s\n",
			s.Name, s.Subjects, s.Replicas, s.MaxAge, s.Duplicates)
	}
	for _, c := range events.Consumers() {
		cfg := c.Config()
		fmt.Fprintf(e.stdout, "consumer %s on %s: ack wait %s, max deliveries %d\n", c.Name, events.Stream, cfg.AckWait, cfg.MaxDeliver)
	}
	return nil
}
