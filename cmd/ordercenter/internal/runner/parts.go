package runner

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/ordercenter/ordercenter/cmd/ordercenter/internal/embedded"
	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/kv/boltkv"
	"github.com/ordercenter/ordercenter/shared/redisclient"
	"github.com/ordercenter/ordercenter/shared/secrets"
	"github.com/ordercenter/ordercenter/shared/telemetry"
)

func (r *Runner) prepareData(context.Context) error {
	if err := os.MkdirAll(r.cfg.DataDir, 0o700); err != nil {
		return fmt.Errorf("data directory: %w", err)
	}
	created, err := secrets.EnsureDev(r.env.SecretsDir)
	if err != nil {
		return fmt.Errorf("secrets: %w", err)
	}
	if len(created) > 0 {
		r.log.Info("wrote fresh development secrets", "dir", r.env.SecretsDir, "names", created)
	}
	r.log.Info("starting the order center", "config", r.cfg, "environment", r.env)
	return nil
}

func (r *Runner) startTelemetry(ctx context.Context) error {
	tel, err := telemetry.Setup(ctx, telemetry.Config{ServiceName: "ordercenter",
		OTLPEndpoint: r.env.OTLPEndpoint, Prometheus: true})
	if err != nil {
		return fmt.Errorf("telemetry: %w", err)
	}
	r.tel = tel
	r.onClose(tel.Shutdown)
	return nil
}

// openStore opens the embedded store on disk; every commit is fsync'd, so
// an answered write survives a crash.
func (r *Runner) openStore(context.Context) error {
	store, err := boltkv.Open(filepath.Join(r.cfg.DataDir, "store.db"), boltkv.Options{})
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	r.onClose(func(context.Context) error { return store.Close() })
	r.store = store
	return nil
}

// wireEvents connects to NATS and sets up the streams and consumers.
func (r *Runner) wireEvents(ctx context.Context) error {
	nc, err := nats.Connect(r.env.NATSURL, nats.Name("ordercenter-runner"), nats.MaxReconnects(-1),
		nats.RetryOnFailedConnect(true))
	if err != nil {
		return fmt.Errorf("nats: %w", err)
	}
	r.onClose(func(context.Context) error { return nc.Drain() })
	js, err := jetstream.New(nc)
	if err != nil {
		return fmt.Errorf("jetstream: %w", err)
	}
	if err := events.Setup(ctx, js, events.StreamOptions{}); err != nil {
		return fmt.Errorf("jetstream streams: %w", err)
	}
	r.nc, r.js = nc, js
	return nil
}

func (r *Runner) startNATS(context.Context) error {
	if r.env.NATSURL != "" {
		return nil
	}
	srv, err := embedded.StartNATS(filepath.Join(r.cfg.DataDir, "nats"))
	if err != nil {
		return err
	}
	r.onClose(func(context.Context) error { srv.Close(); return nil })
	r.env.NATSURL = srv.URL()
	r.log.Info("embedded NATS with JetStream", "url", r.env.NATSURL)
	return nil
}

// startRedis starts the in-process Redis when REDIS_URL names none, and
// opens the client every function shares.
func (r *Runner) startRedis(context.Context) error {
	if r.env.RedisURL == "" {
		srv, err := embedded.StartRedis()
		if err != nil {
			return err
		}
		r.onClose(func(context.Context) error { srv.Close(); return nil })
		r.env.RedisURL = srv.URL()
		r.log.Info("no REDIS_URL: using an in-process Redis-protocol server (miniredis, in memory)", "url", r.env.RedisURL)
	}
	rdb, err := redisclient.New(r.env.RedisURL)
	if err != nil {
		return fmt.Errorf("REDIS_URL: %w", err)
	}
	r.redis = rdb
	r.onClose(func(context.Context) error { return r.redis.Close() })
	return nil
}
