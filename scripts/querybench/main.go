// Command querybench measures the hot queries of the order-query function
// over HTTP: it serves the function in-process the way the local runner's
// gateway does (on a loopback port, over the embedded store on disk,
// fsync'd as the runner opens it), seeds a store's orders of today, then
// sends GET requests from keep-alive clients for a fixed time and prints
// queries/s and latency percentiles. Client and server share this
// machine's cores.
//
//	go run ./scripts/querybench -query get -duration 10s -concurrency 16
//	go run ./scripts/querybench -query page
//
// With -url it loads a server that is already running instead (a runner
// with order-query registered, say), reading orders named by -ids with
// the bearer token of -token.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"runtime/pprof"
	"strings"
	"time"
)

// options are the command's flags.
type options struct {
	query       string
	duration    time.Duration
	concurrency int
	orders      int
	dataDir     string
	url         string
	token       string
	ids         string
	storeID     string
	cpuProfile  string
}

func main() {
	var o options
	flag.StringVar(&o.query, "query", "get", "get (one order by id), page (a store's first page of today) or mix (half each)")
	flag.DurationVar(&o.duration, "duration", 10*time.Second, "how long to send requests")
	flag.IntVar(&o.concurrency, "concurrency", 16, "clients sending at once")
	flag.IntVar(&o.orders, "orders", 200, "orders to seed in the store's day")
	flag.StringVar(&o.dataDir, "data", "", "directory of the embedded store (default: a temporary one, removed after)")
	flag.StringVar(&o.url, "url", "", "base URL of a running server to load instead of serving in-process")
	flag.StringVar(&o.token, "token", "", "bearer token for -url")
	flag.StringVar(&o.ids, "ids", "", "comma-separated order ids to read with -url")
	flag.StringVar(&o.storeID, "store", "s-bench", "store whose list is read")
	flag.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the load (client and in-process server) to this file")
	flag.Parse()
	if err := run(context.Background(), o); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, o options) error {
	if o.concurrency < 1 || o.concurrency > 1024 || o.duration <= 0 || o.duration > 10*time.Minute {
		return fmt.Errorf("concurrency must be 1..1024 and duration 0..10m")
	}
	t, cleanup, err := findTarget(ctx, o)
	if err != nil {
		return err
	}
	defer cleanup()
	fmt.Printf("querybench: %s, %d clients, %s, against %s\n", o.query, o.concurrency, o.duration, t.base)
	stop, err := profile(o.cpuProfile)
	if err != nil {
		return err
	}
	res, err := load(ctx, t, o)
	stop()
	if err != nil {
		return err
	}
	res.print(os.Stdout)
	return nil
}

// target is what the load is sent to: a base URL, the paths to read and
// the token to read them with.
type target struct {
	base   string
	orders []string // paths of single orders
	page   string   // path of the store's first page
	token  string
}

func findTarget(ctx context.Context, o options) (target, func(), error) {
	if o.url == "" {
		return serveInProcess(ctx, o)
	}
	t := target{base: strings.TrimRight(o.url, "/"), token: o.token,
		page: "/function/order-query/stores/" + o.storeID + "/orders"}
	for id := range strings.SplitSeq(o.ids, ",") {
		if id != "" {
			t.orders = append(t.orders, "/function/order-query/orders/"+id)
		}
	}
	if o.query != "page" && len(t.orders) == 0 {
		return target{}, nil, fmt.Errorf("-url with -query %s needs -ids", o.query)
	}
	return t, func() {}, nil
}

// profile starts a CPU profile into path ("" for none) and returns what
// stops it.
func profile(path string) (func(), error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); _ = f.Close() }, nil
}
