// Command ocadmin is the order center's operator tool. Each task is a
// subcommand with flags of its own:
//
//	ocadmin create-table [--endpoint URL] [--table NAME] [--region R] [--timeout D]
//	ocadmin create-streams [--nats-url URL] [--replicas N] [--max-age D] [--duplicate-window D]
//	ocadmin dlq list [--consumer C] [--limit N]
//	ocadmin dlq replay <seq>|--all [--consumer C]
//	ocadmin dlq drop <seq>|--all [--consumer C]
//	ocadmin consumers
//	ocadmin order show <id> [--reveal --token JWT]
//	ocadmin heal <id>
//	ocadmin reconcile --day YYYY-MM-DD [--store S] [--json]
//	ocadmin store shards --store S [--count N]
//	ocadmin store layout --store S --day YYYY-MM-DD
//	ocadmin store reshard --store S --day YYYY-MM-DD --count N [--settle D]
//
// The tasks past create-table read the same environment as the
// functions (package app: NATS_URL, NATS_STREAM_REPLICAS, REDIS_URL,
// DYNAMODB_*, SECRETS_DIR and the secret files in it, ...), and connect
// to NATS as the functions do; create-streams's flags override NATS_URL
// and NATS_STREAM_REPLICAS. It exits with 0 on success, 1 when the
// task failed and 2 when it was called wrongly.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/ordercenter/ordercenter/shared/app"
)

// env is what a subcommand gets from its surroundings: where to write and
// how to read the environment (replaced in tests).
type env struct {
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	// parts are given to the app.Deps the tasks build (tests give their
	// embedded store).
	parts []app.Option
}

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, e env) error
}

// commands are the subcommands, in the order the usage lists them.
var commands = []command{
	{"create-table", "create the DynamoDB table with its index and TTL, unless it exists", runCreateTable},
	{"create-streams", "create or update the JetStream streams and consumers", runCreateStreams},
	{"dlq", "list, replay or drop dead letters (dlq list|replay|drop)", runDLQ},
	{"consumers", "lag, pending and redeliveries of every durable consumer", runConsumers},
	{"order", "show an order's full view (order show <id>)", runOrder},
	{"heal", "finish an order's interrupted changes now (heal <id>)", runHeal},
	{"reconcile", "compare the payment provider's ledger of a day with the orders (reconcile --day D)", runReconcile},
	{"store", "shard counts and layouts of hot stores' days (store shards|layout|reshard)", runStore},
}

// usageError is a subcommand called wrongly; its flag set has already
// printed the details.
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], env{stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv})
	stop()
	os.Exit(code)
}

// run runs the subcommand args name and returns the exit code.
func run(ctx context.Context, args []string, e env) int {
	if len(args) == 0 {
		usage(e.stderr)
		return 2
	}
	if name := args[0]; name == "help" || name == "-h" || name == "-help" || name == "--help" {
		usage(e.stdout)
		return 0
	}
	for _, cmd := range commands {
		if cmd.name != args[0] {
			continue
		}
		err := cmd.run(ctx, args[1:], e)
		var ue usageError
		switch {
		case err == nil, errors.Is(err, flag.ErrHelp):
			return 0
		case errors.As(err, &ue):
			return 2
		}
		fmt.Fprintf(e.stderr, "ocadmin %s: %v\n", cmd.name, err)
		return 1
	}
	fmt.Fprintf(e.stderr, "ocadmin: unknown command %q\n", args[0])
	usage(e.stderr)
	return 2
}

// usage lists the subcommands.
func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: ocadmin <command> [flags]\n\ncommands:")
	for _, cmd := range commands {
		fmt.Fprintf(w, "  %-14s %s\n", cmd.name, cmd.summary)
	}
	fmt.Fprintln(w, "\nRun 'ocadmin <command> -h' for the flags of a command.")
}
