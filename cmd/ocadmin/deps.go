package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/ordercenter/ordercenter/shared/app"
)

// defaultTimeout bounds a task that talks to NATS, Redis or the store.
const defaultTimeout = 30 * time.Second

// openDeps reads the configuration the functions read and returns the
// parts built over it (package app), logging warnings to stderr.
func openDeps(e env) (*app.Deps, error) {
	cfg, err := app.LoadConfig(e.getenv)
	if err != nil {
		return nil, fmt.Errorf("configuration: %w", err)
	}
	log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	opts := append([]app.Option{app.WithLogger(log)}, e.parts...)
	return app.New("ocadmin", cfg, opts...), nil
}

// jetStream is JetStream over the configuration's NATS.
func jetStream(d *app.Deps) (jetstream.JetStream, error) {
	nc, err := d.NATS()
	if err != nil {
		return nil, err
	}
	return jetstream.New(nc)
}

// unreachable explains a deadline passed while waiting for a server.
func unreachable(err error, what string) error {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, jetstream.ErrNoStreamResponse) {
		return fmt.Errorf("%w\n(is %s running and reachable?)", err, what)
	}
	return err
}

// parseArgs parses flags wherever they stand among the arguments
// ("replay 12 --consumer x" as well as "replay --consumer x 12") and
// returns the others.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError{err}
		}
		if fs.NArg() == 0 {
			return rest, nil
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// wrongly reports a call with the wrong arguments, with the usage.
func wrongly(fs *flag.FlagSet, format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	fmt.Fprintf(fs.Output(), "%s: %v\n", fs.Name(), err)
	fs.Usage()
	return usageError{err}
}

// newFlags is a flag set for the command name, whose usage prints use,
// what it does and its flags.
func newFlags(name, use, what string, w io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("ocadmin "+name, flag.ContinueOnError)
	fs.SetOutput(w)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: ocadmin %s\n\n%s\n", use, what)
		if hasFlags(fs) {
			fmt.Fprintln(fs.Output(), "\nflags:")
			fs.PrintDefaults()
		}
	}
	return fs
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// dispatch runs the subcommand of a group (dlq list, order show).
func dispatch(ctx context.Context, group string, subs []command, args []string, e env) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		w := e.stderr
		if len(args) > 0 {
			w = e.stdout
		}
		fmt.Fprintf(w, "usage: ocadmin %s <command> [flags]\n\ncommands:\n", group)
		for _, c := range subs {
			fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
		}
		if len(args) == 0 {
			return usageError{fmt.Errorf("%s: no command", group)}
		}
		return flag.ErrHelp
	}
	for _, c := range subs {
		if c.name == args[0] {
			return c.run(ctx, args[1:], e)
		}
	}
	fmt.Fprintf(e.stderr, "ocadmin %s: unknown command %q\n", group, args[0])
	return usageError{fmt.Errorf("unknown command %q", args[0])}
}
