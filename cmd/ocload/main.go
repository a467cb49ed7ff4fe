// Command ocload loads an order center with a mixed workload of meal
// times and measures it: open-loop arrivals at a rate that follows a
// profile (constant, a ramp, or a day's lunch and dinner peaks compressed
// into minutes), each a call of the mix (browse a menu, place, pay
// through the sandbox provider's webhook, accept, ready, pickup,
// deliver, confirm, a user's and a store's reads, a few cancellations
// and refunds) by many users on many stores, a few of them hot. Latency
// runs from each arrival's intended send time, so a server that stalls
// is charged for every arrival it holds up; it is kept per operation and
// per second in HDR histograms. It prints a live line a second on
// standard error and, at the end, a summary per operation on standard
// output, and writes the same as JSON (-json) and as an HTML page with
// charts (-html).
//
//	go run ./cmd/ocload -serve -rate 300 -duration 60s -json out.json -html out.html
//	go run ./cmd/ocload -serve -profile meal-peak -rate 300 -duration 5m
//	go run ./cmd/ocload -url http://127.0.0.1:8080 -secrets .data/secrets -rate 100
//
// -serve starts the local runner in this process (cmd/internal/runner:
// every function, the embedded store, NATS, Redis, the sandboxes) over a
// load catalog of -stores stores, on a loopback port and a temporary data
// directory; client and server then share this machine's cores. -url
// loads one already running: the runner (started with
// RATE_LIMIT_PER_ADDRESS=0, since every call comes from one address) or,
// with -remote, a deployment. -profile closed keeps the closed-loop
// measurement of the tools it replaces (scripts/loadgen: -mix place=1
// -workers 64 -n 20000; scripts/querybench: -preload 200 -mix
// get-order=1 or store-orders=1 -workers 16). The README's "Load it"
// section lists the flags.
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
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "ocload:", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := loadAndReport(ctx, o, stdout, stderr); err != nil {
		fmt.Fprintln(stderr, "ocload:", err)
		return 1
	}
	return 0
}
