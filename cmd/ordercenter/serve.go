package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/ordercenter/ordercenter/cmd/internal/runner"
	"github.com/ordercenter/ordercenter/shared/telemetry"
)

// drainTimeout bounds how long a shutdown waits for calls in flight.
const drainTimeout = 30 * time.Second

func serve(args []string, stderr io.Writer) int {
	var cfg runner.Config
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.Addr, "addr", runner.DefaultAddr, "address to serve on")
	fs.StringVar(&cfg.DataDir, "data", runner.DefaultDataDir, "directory for the store, NATS and development secrets")
	fs.StringVar(&cfg.CatalogFile, "catalog", "", "catalog JSON file for the built-in catalog (default: the demo catalog)")
	fs.StringVar(&cfg.StackFile, "stack", "", "OpenFaaS stack file whose topic annotations the NATS connector follows (default: ./stack.yml if present)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	level, err := telemetry.ParseLevel(os.Getenv("LOG_LEVEL"))
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	cfg.Logger = telemetry.NewLogger(stderr, "ordercenter", level)
	slog.SetDefault(cfg.Logger)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	r, err := runner.Start(ctx, cfg)
	if err != nil {
		cfg.Logger.Error("the order center did not start", "err", err)
		return 1
	}
	fmt.Fprint(stderr, r.Banner())
	<-ctx.Done()
	cfg.Logger.Info("shutting down: draining calls in flight")
	drain, cancel := context.WithTimeout(context.Background(), drainTimeout)
	defer cancel()
	if err := r.Close(drain); err != nil {
		cfg.Logger.Error("shutdown", "err", err)
		return 1
	}
	cfg.Logger.Info("stopped cleanly")
	return 0
}
