package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/ordercenter/ordercenter/shared/events"
)

// runCreateStreams creates or updates the JetStream streams and consumers
// of the order center; running it again changes nothing. It connects as
// the functions do (NATS_URL, the NATS secret files in SECRETS_DIR), the
// flags overriding NATS_URL and NATS_STREAM_REPLICAS.
func runCreateStreams(ctx context.Context, args []string, e env) error {
	d, err := openDeps(e)
	if err != nil {
		return err
	}
	defer d.Close()
	fs := flag.NewFlagSet("ocadmin create-streams", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	url := fs.String("nats-url", orDefault(d.Config.NATSURL, nats.DefaultURL), "NATS server(s), comma-separated, taken from $NATS_URL")
	var opts events.StreamOptions
	fs.IntVar(&opts.Replicas, "replicas", d.Config.NATSStreamReplicas, "stream replicas, taken from $NATS_STREAM_REPLICAS: 1 on one server, 3 on a JetStream cluster of 3")
	fs.DurationVar(&opts.MaxAge, "max-age", 7*24*time.Hour, "how long events are kept for replay")
	fs.DurationVar(&opts.DuplicateWindow, "duplicate-window", 15*time.Minute, "how long event ids are remembered to drop republished events")
	timeout := fs.Duration("timeout", 30*time.Second, "how long to try")
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	d.Config.NATSURL = *url // before the connection is built
	js, err := jetStream(d)
	if err != nil {
		return err
	}
	if err := events.Setup(ctx, js, opts); err != nil {
		return unreachable(err, "NATS at "+*url)
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
