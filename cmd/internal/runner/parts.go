package runner

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/ordercenter/ordercenter/cmd/internal/embedded"
	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/kv/boltkv"
	"github.com/ordercenter/ordercenter/shared/natsconn"
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
		OTLPEndpoint: r.env.OTLPEndpoint, Prometheus: true, SpanExporter: r.cfg.SpanExporter})
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
	store, err := boltkv.Open(filepath.Join(r.cfg.DataDir, "store.db"), boltkv.Options{TracerProvider: r.tel.TracerProvider()})
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	r.onClose(func(context.Context) error { return store.Close() })
	r.store = store
	return nil
}

// wireEvents connects to NATS as the functions do (package natsconn: the
// NATS secret files, refusals stop the start) and sets up the streams,
// with NATS_STREAM_REPLICAS replicas, and the consumers.
func (r *Runner) wireEvents(ctx context.Context) error {
	secretsDir := r.env.SecretsDir
	if r.natsEmbedded {
		secretsDir = "" // its own asks for no credentials
	}
	nc, err := natsconn.Connect(natsconn.Config{URL: r.env.NATSURL, Name: "ordercenter-runner",
		SecretsDir: secretsDir, Log: r.log})
	if err != nil {
		return err
	}
	r.onClose(func(context.Context) error { return nc.Drain() })
	js, err := jetstream.New(nc)
	if err != nil {
		return fmt.Errorf("jetstream: %w", err)
	}
	if err := events.Setup(ctx, js, events.StreamOptions{Replicas: r.env.NATSStreamReplicas}); err != nil {
		return fmt.Errorf("jetstream streams: %w", err)
	}
	r.nc, r.js = nc, js
	return nil
}

// startNATS starts the embedded NATS when NATS_URL names none: one
// server, so its streams keep one replica.
func (r *Runner) startNATS(context.Context) error {
	if r.env.NATSURL != "" {
		return nil
	}
	srv, err := embedded.StartNATS(filepath.Join(r.cfg.DataDir, "nats"))
	if err != nil {
		return err
	}
	r.onClose(func(context.Context) error { srv.Close(); return nil })
	r.env.NATSURL, r.env.NATSStreamReplicas, r.natsEmbedded = srv.URL(), 1, true
	r.log.Info("embedded NATS with JetStream", "url", r.env.NATSURL)
	return nil
}

// startRedis opens the client every function shares: of the Redis the
// environment names (one server, a cluster or Sentinel, with the secret
// files' credentials, as the functions build it), else of the runner's
// own, started here. Credentials or certificates that Redis refuses stop
// the start; an unreachable Redis is only logged.
func (r *Runner) startRedis(ctx context.Context) error {
	secretsDir := r.env.SecretsDir
	if !r.env.Redis.Set() {
		url, err := r.startLocalRedis(ctx)
		if err != nil {
			return err
		}
		r.env.Redis.URL, secretsDir = url, "" // its own asks for no credentials
	}
	rdb, err := redisclient.New(r.env.Redis, secretsDir, redisclient.WithTracerProvider(r.tel.TracerProvider()))
	if err != nil {
		return fmt.Errorf("redis: %w", err)
	}
	r.onClose(func(context.Context) error { return rdb.Close() })
	if err := rdb.Check(ctx, r.log); err != nil {
		return err
	}
	r.redis = rdb
	return nil
}

// startLocalRedis starts a redis-server child keeping its data in
// <data>/redis when one is on PATH (and Config.Redis allows), else the
// in-process server keeping a snapshot in <data>/redis.snapshot, and says
// which.
func (r *Runner) startLocalRedis(ctx context.Context) (string, error) {
	dir, snapshot := filepath.Join(r.cfg.DataDir, "redis"), filepath.Join(r.cfg.DataDir, "redis.snapshot")
	bin := ""
	if r.cfg.Redis != LocalRedisInProcess {
		bin = embedded.FindRedisServer()
	}
	if bin == "" && r.cfg.Redis == LocalRedisServer {
		return "", errors.New("redis: no redis-server on PATH (install it, set REDIS_URL, or use the in-process Redis)")
	}
	if bin != "" {
		srv, err := embedded.StartRedisServer(ctx, embedded.RedisServerOptions{Binary: bin, Dir: dir, Logger: r.log})
		if err != nil {
			return "", err
		}
		r.onClose(srv.Close)
		r.log.Info("no Redis in the environment: started redis-server; every answered write is in its append-only file (fsync'd), kept across restarts and crashes",
			"url", srv.URL(), "version", srv.Version(), "binary", bin, "dir", dir)
		r.warnUnused(snapshot, "the in-process Redis's snapshot")
		return srv.URL(), nil
	}
	srv, err := embedded.StartRedis(snapshot, r.log)
	if err != nil {
		return "", err
	}
	r.onClose(func(context.Context) error { return srv.Close() })
	attrs := []any{"url", srv.URL(), "snapshot", snapshot}
	if keys, taken := srv.Restored(); !taken.IsZero() {
		attrs = append(attrs, "keys_restored", keys, "snapshot_taken", taken)
	}
	r.log.Info("no Redis in the environment and no redis-server on PATH: in-process Redis (miniredis), kept in a snapshot every second and at stop; "+
		"a crash loses its last second (install redis-server to keep every answered write)", attrs...)
	r.warnUnused(dir, "redis-server's data")
	return srv.URL(), nil
}

// warnUnused says that the data the other kind of local Redis left at
// path is not read.
func (r *Runner) warnUnused(path, what string) {
	if _, err := os.Stat(path); err == nil {
		r.log.Warn("the data dir holds "+what+" from an earlier run, which this Redis does not read", "path", path)
	}
}
