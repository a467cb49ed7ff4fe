package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/dynamokv"
)

// defaultTable is the table's name when neither --table nor DYNAMODB_TABLE
// gives one.
const defaultTable = "ordercenter"

// runCreateTable creates the order center's table, its index and its TTL,
// or finds them already there, and says which.
func runCreateTable(ctx context.Context, args []string, e env) error {
	cfg, timeout, err := parseCreateTable(args, e)
	if err != nil {
		return err
	}
	store, err := dynamokv.New(cfg)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	setup, err := store.CreateTable(ctx)
	if errors.Is(err, kv.ErrUnavailable) {
		return fmt.Errorf("%w\n(is the server at %s running and reachable?)", err, where(cfg.Endpoint))
	}
	if err != nil {
		return err
	}
	report(e, cfg, setup)
	return nil
}

// parseCreateTable reads the flags of create-table, with defaults from the
// environment.
func parseCreateTable(args []string, e env) (dynamokv.Config, time.Duration, error) {
	fs := flag.NewFlagSet("ocadmin create-table", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: ocadmin create-table [flags]\n\n"+
			"Creates the table, its index by-sk2 and its TTL on exp, unless they exist.\n\nflags:")
		fs.PrintDefaults()
	}
	var cfg dynamokv.Config
	fs.StringVar(&cfg.Endpoint, "endpoint", e.getenv("DYNAMODB_ENDPOINT"),
		"base URL of a DynamoDB-compatible server, taken from $DYNAMODB_ENDPOINT;\nempty for AWS DynamoDB itself")
	fs.StringVar(&cfg.Table, "table", orDefault(e.getenv("DYNAMODB_TABLE"), defaultTable),
		"table name, taken from $DYNAMODB_TABLE")
	fs.StringVar(&cfg.Region, "region", "",
		"AWS region; empty for "+dynamokv.DefaultRegion+" with an endpoint, else the AWS environment's")
	timeout := fs.Duration("timeout", 5*time.Minute, "how long to wait for the table to become active")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return cfg, 0, err
		}
		return cfg, 0, usageError{err}
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "ocadmin create-table: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return cfg, 0, usageError{fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	return cfg, *timeout, nil
}

// report says what CreateTable did.
func report(e env, cfg dynamokv.Config, setup dynamokv.TableSetup) {
	what := "created table"
	if !setup.Created {
		what = "table already exists:"
	}
	fmt.Fprintf(e.stdout, "%s %q at %s\n", what, cfg.Table, where(cfg.Endpoint))
	switch setup.TTL {
	case dynamokv.TTLUnsupported:
		fmt.Fprintln(e.stdout, "TTL on \"exp\": not supported by this server; expired items stay hidden but are never deleted")
	default:
		fmt.Fprintf(e.stdout, "TTL on \"exp\": %s\n", setup.TTL)
	}
}

// where names the endpoint for people.
func where(endpoint string) string {
	if endpoint == "" {
		return "the AWS default endpoint"
	}
	return endpoint
}

// orDefault is s, or def when s is empty.
func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
