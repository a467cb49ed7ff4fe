package main

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/openfaas/faas-provider/auth"

	"github.com/ordercenter/ordercenter/cmd/internal/connector"
	"github.com/ordercenter/ordercenter/shared/app"
	"github.com/ordercenter/ordercenter/shared/telemetry"
)

// retryWait is the wait before starting again after a failed start (the
// gateway, NATS or the streams not there yet).
const retryWait = 2 * time.Second

// run delivers until ctx ends: it reads the catalog, runs the connector
// and the scheduler over it, and starts again when the gateway's list
// changes or a start fails.
func run(ctx context.Context, getenv func(string) string, log *slog.Logger) error {
	cfg, err := app.LoadConfig(getenv)
	if err != nil {
		return err
	}
	log.Info("connector starting", "config", cfg)
	tel, err := telemetry.Setup(ctx, telemetry.Config{ServiceName: connector.Name, OTLPEndpoint: cfg.OTLPEndpoint})
	if err != nil {
		return err
	}
	defer func() { _ = tel.Shutdown(context.WithoutCancel(ctx)) }()
	deps := app.New(connector.Name, cfg, app.WithLogger(log), app.WithTracerProvider(tel.TracerProvider()),
		app.WithMeterProvider(tel.MeterProvider()))
	defer deps.Close()
	nc, err := deps.NATS()
	if err != nil {
		return err
	}
	js, err := jetstream.New(nc)
	if err != nil {
		return err
	}
	if err := observeFigures(deps, js); err != nil {
		return err
	}
	s := &session{cfg: cfg.Connector, deps: deps, log: log, nc: nc, js: js,
		invoker: connector.NewHTTP(cfg.Connector.GatewayURL, cfg.Connector.CallTimeout)}
	if s.creds, err = gatewayCredentials(cfg.SecretsDir); err != nil {
		return err
	}
	for ctx.Err() == nil {
		if err := s.run(ctx); err != nil && ctx.Err() == nil {
			log.Warn("connector not running; trying again", "err", err, "in", retryWait.String())
			sleep(ctx, retryWait)
		}
	}
	return nil
}

// session is one run of the connector over one catalog.
type session struct {
	cfg     app.ConnectorConfig
	deps    *app.Deps
	log     *slog.Logger
	nc      *nats.Conn
	js      jetstream.JetStream
	invoker *connector.HTTP
	creds   *auth.BasicAuthCredentials
}

// run delivers the catalog until ctx ends or the catalog changes.
func (s *session) run(ctx context.Context) error {
	cat, err := s.catalog(ctx)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	c, err := connector.New(ctx, s.nc, s.js, cat.Subscriptions, s.invoker, s.options())
	if err != nil {
		return err
	}
	sched, err := s.scheduler(cat)
	if err != nil {
		return err
	}
	if err := c.Start(ctx); err != nil {
		return err
	}
	s.log.Info("connector running", "subscriptions", cat.Subscriptions, "schedules", cat.Schedules)
	var wg sync.WaitGroup
	wg.Go(func() { sched.Run(ctx) })
	if s.cfg.StackFile == "" {
		wg.Go(func() { s.watch(ctx, cat, cancel) })
	}
	err = c.Wait()
	cancel()
	wg.Wait()
	return err
}
