// Command connector delivers the order center's events from NATS
// JetStream to the functions that subscribe to them, through the OpenFaaS
// gateway, and triggers the scheduled functions with signed calls: the
// deployed twin of what the local runner does in-process (package
// cmd/internal/connector; docs/deploy.md).
//
// It reads its configuration from the environment (docs/configuration.md:
// NATS_URL, GATEWAY_URL, STACK_FILE, SECRETS_DIR, CONNECTOR_*), and on
// SIGTERM or SIGINT stops taking events, lets the calls in hand finish
// (CONNECTOR_DRAIN) and exits 0.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/ordercenter/ordercenter/cmd/internal/connector"
	"github.com/ordercenter/ordercenter/shared/telemetry"
)

func main() {
	level, err := telemetry.ParseLevel(os.Getenv("LOG_LEVEL"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	log := telemetry.NewLogger(os.Stderr, connector.Name, level)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err = run(ctx, os.Getenv, log)
	stop()
	if err != nil {
		log.Error("connector failed", "err", err)
		os.Exit(1)
	}
}
