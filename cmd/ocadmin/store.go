package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/ordercenter/ordercenter/shared/order/orderstore"
)

// storeCommands are the subcommands of ocadmin store: the layout of a hot
// store's day copies (docs/store-layout.md, "Hot stores").
var storeCommands = []command{
	{"shards", "show or set the shard count of a store's new days", runStoreShards},
	{"layout", "show the layout a store's day is pinned to", runStoreLayout},
	{"reshard", "re-copy a store's day into another shard count", runStoreReshard},
}

func runStore(ctx context.Context, args []string, e env) error {
	return dispatch(ctx, "store", storeCommands, args, e)
}

// defaultSettle is how long a reshard waits between its steps: the
// functions' layout cache plus the longest a write may run.
const defaultSettle = orderstore.DefaultLayoutTTL + orderstore.DefaultHealAge

func runStoreShards(ctx context.Context, args []string, e env) error {
	fs := newFlags("store shards", "store shards --store S [--count N]",
		"Shows the number of shards the store-day copies of the store's orders are\n"+
			"spread over, or sets it with --count (1 to 64). A count applies from the\n"+
			"next day the store's orders are first written on; a day already written\n"+
			"keeps its layout (store reshard changes it).", e.stderr)
	storeID := fs.String("store", "", "the store id")
	count := fs.Int("count", 0, "the shard count to set")
	timeout := fs.Duration("timeout", defaultTimeout, "how long to try")
	repo, ctx, done, err := openStoreTask(ctx, fs, args, e, timeout, "store")
	if err != nil {
		return err
	}
	defer done()
	if *count != 0 {
		if err := repo.SetStoreShards(ctx, *storeID, *count); err != nil {
			return err
		}
	}
	n, err := repo.StoreShards(ctx, *storeID)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "store %s: new days spread over %d shards\n", *storeID, n)
	return nil
}

func runStoreLayout(ctx context.Context, args []string, e env) error {
	fs := newFlags("store layout", "store layout --store S --day YYYY-MM-DD",
		"Shows the layout the store's day is pinned to: its shard count, and the\n"+
			"phase of a reshard under way.", e.stderr)
	storeID := fs.String("store", "", "the store id")
	day := fs.String("day", "", "the store's local day, YYYY-MM-DD")
	timeout := fs.Duration("timeout", defaultTimeout, "how long to try")
	repo, ctx, done, err := openStoreTask(ctx, fs, args, e, timeout, "store", "day")
	if err != nil {
		return err
	}
	defer done()
	l, err := repo.StoreDayLayout(ctx, *storeID, *day)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "store %s day %s: %s\n", *storeID, *day, l)
	return nil
}

func runStoreReshard(ctx context.Context, args []string, e env) error {
	fs := newFlags("store reshard", "store reshard --store S --day YYYY-MM-DD --count N [--settle D]",
		"Re-copies the store-day copies of the store's day into N shards while the\n"+
			"functions keep writing and listing it: writers write both layouts, the\n"+
			"copies are copied, the lists switch, the old copies are deleted, with a wait\n"+
			"of --settle before the copying and before the deleting. Interrupted, run it\n"+
			"again with the same count: it continues where it stopped.", e.stderr)
	storeID := fs.String("store", "", "the store id")
	day := fs.String("day", "", "the store's local day, YYYY-MM-DD")
	count := fs.Int("count", 0, "the shard count to spread the day over (1 to 64)")
	settle := fs.Duration("settle", defaultSettle, "how long each phase must last before the next step (the functions' layout cache, 1m, plus 30 s)")
	timeout := fs.Duration("timeout", time.Hour, "how long to try")
	repo, ctx, done, err := openStoreTask(ctx, fs, args, e, timeout, "store", "day", "count")
	if err != nil {
		return err
	}
	defer done()
	rep, err := repo.Reshard(ctx, *storeID, *day, *count, orderstore.ReshardOptions{Settle: *settle,
		Progress: func(step string) { fmt.Fprintf(e.stdout, "%s: %s\n", time.Now().Format(time.TimeOnly), step) }})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "store %s day %s: %d shards (was %d): %d copies written, %d deleted\n",
		*storeID, *day, rep.To, rep.From, rep.Copied, rep.Deleted)
	return nil
}

// openStoreTask parses a store subcommand's flags, checks that the
// required ones are given (not empty, not 0), and opens the repository
// with the deadline.
func openStoreTask(ctx context.Context, fs *flag.FlagSet, args []string, e env, timeout *time.Duration,
	required ...string) (*orderstore.Repository, context.Context, func(), error) {
	rest, err := parseArgs(fs, args)
	if err != nil {
		return nil, nil, nil, err
	}
	if len(rest) > 0 {
		return nil, nil, nil, wrongly(fs, "unexpected argument %q", rest[0])
	}
	for _, name := range required {
		if v := fs.Lookup(name).Value.String(); v == "" || v == "0" {
			return nil, nil, nil, wrongly(fs, "give --%s", name)
		}
	}
	d, err := openDeps(e)
	if err != nil {
		return nil, nil, nil, err
	}
	repo, err := d.Reader()
	if err != nil {
		d.Close()
		return nil, nil, nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	return repo, ctx, func() { cancel(); d.Close() }, nil
}
