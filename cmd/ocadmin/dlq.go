package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ordercenter/ordercenter/shared/events"
)

// dlqCommands are the subcommands of ocadmin dlq.
var dlqCommands = []command{
	{"list", "list dead letters: what, why, when, how often tried", runDLQList},
	{"replay", "publish dead letters again on their subject and delete them", runDLQReplay},
	{"drop", "delete dead letters without delivering them", runDLQDrop},
}

func runDLQ(ctx context.Context, args []string, e env) error {
	return dispatch(ctx, "dlq", dlqCommands, args, e)
}

// withDeadLetters runs fn over the dead-letter stream of the
// configuration's NATS, within timeout.
func withDeadLetters(ctx context.Context, e env, timeout time.Duration, fn func(context.Context, *events.DeadLetters) error) error {
	d, err := openDeps(e)
	if err != nil {
		return err
	}
	defer d.Close()
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	js, err := jetStream(d)
	if err != nil {
		return err
	}
	dl, err := events.OpenDeadLetters(ctx, js)
	if err != nil {
		return unreachable(err, "NATS at "+d.Config.NATSURL)
	}
	return unreachable(fn(ctx, dl), "NATS at "+d.Config.NATSURL)
}

func runDLQList(ctx context.Context, args []string, e env) error {
	fs := newFlags("dlq list", "dlq list [--consumer C] [--limit N]",
		"Lists dead letters, oldest first: sequence, consumer, subject, event id,\nreason, when, deliveries.", e.stderr)
	consumer := fs.String("consumer", "", "only the dead letters of this consumer")
	limit := fs.Int("limit", 100, "at most this many (0: all)")
	timeout := fs.Duration("timeout", defaultTimeout, "how long to try")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return wrongly(fs, "unexpected argument %q", rest[0])
	}
	return withDeadLetters(ctx, e, *timeout, func(ctx context.Context, dl *events.DeadLetters) error {
		letters, err := dl.List(ctx, *consumer, *limit)
		if err != nil {
			return err
		}
		counts, err := dl.Counts(ctx)
		if err != nil {
			return err
		}
		printLetters(e.stdout, letters, time.Now())
		fmt.Fprintf(e.stdout, "%d shown of %d dead letters%s\n", len(letters), total(counts, *consumer), of(*consumer))
		return nil
	})
}

// total is how many letters the consumer has (every consumer when "").
func total(counts map[string]uint64, consumer string) uint64 {
	if consumer != "" {
		return counts[consumer]
	}
	var n uint64
	for _, c := range counts {
		n += c
	}
	return n
}

func of(consumer string) string {
	if consumer == "" {
		return ""
	}
	return " of " + consumer
}

// printLetters writes one line per letter, in columns.
func printLetters(w io.Writer, letters []events.DeadMessage, now time.Time) {
	if len(letters) == 0 {
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SEQ\tCONSUMER\tSUBJECT\tEVENT\tDELIVERIES\tWHEN\tREASON")
	for _, l := range letters {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%s\t%s\n", l.Seq, l.Consumer, l.Subject, orDash(l.EventID),
			l.Deliveries, when(l.At, now), oneLine(l.Reason, 100))
	}
	_ = tw.Flush()
}

// when is a time for people: UTC to the second, and how long ago.
func when(t, now time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04:05Z") + " (" + ago(now.Sub(t)) + ")"
}

func ago(d time.Duration) string {
	if d < -time.Minute {
		return "in " + strings.TrimSuffix(ago(-d), " ago")
	}
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%dm ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh ago", int(d.Hours()))
	}
	return fmt.Sprintf("%dd ago", int(d.Hours()/24))
}

// oneLine keeps the first n characters of s on one line.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// target reads "<seq>" or --all (with --consumer) of replay and drop.
type target struct {
	seq      uint64
	all      bool
	consumer string
	timeout  time.Duration
}

func parseTarget(fs *flag.FlagSet, args []string) (target, error) {
	var t target
	fs.BoolVar(&t.all, "all", false, "every dead letter (of --consumer, when given)")
	fs.StringVar(&t.consumer, "consumer", "", "with --all: only the dead letters of this consumer")
	fs.DurationVar(&t.timeout, "timeout", defaultTimeout, "how long to try")
	rest, err := parseArgs(fs, args)
	switch {
	case err != nil:
		return t, err
	case t.all && len(rest) > 0:
		return t, wrongly(fs, "give a sequence or --all, not both")
	case !t.all && len(rest) != 1:
		return t, wrongly(fs, "give one sequence, or --all")
	case !t.all && t.consumer != "":
		return t, wrongly(fs, "--consumer goes with --all")
	case t.all:
		return t, nil
	}
	if t.seq, err = strconv.ParseUint(rest[0], 10, 64); err != nil || t.seq == 0 {
		return t, wrongly(fs, "%q is not a sequence number", rest[0])
	}
	return t, nil
}
