// Package runner is the local order center: every function behind one
// gateway, with the embedded store, NATS and Redis, the built-in catalog,
// the sandbox payment provider and push gateway, the NATS connector and the
// sweeper's schedule, all in one process.
package runner

import (
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/ordercenter/ordercenter/shared/app"
)

// Defaults of Config.
const (
	DefaultAddr    = "127.0.0.1:8080"
	DefaultDataDir = ".data"
)

// Config is the runner's configuration: its flags, and the environment
// the functions read too (package app).
type Config struct {
	Addr        string
	DataDir     string
	CatalogFile string
	// StackFile is the OpenFaaS stack whose topic annotations the NATS
	// connector follows ("stack.yml" when it exists, else none).
	StackFile string
	// Getenv reads the environment (os.Getenv when nil). Where it leaves
	// SECRETS_DIR unset the secrets are kept under <data>/secrets; where
	// it leaves NATS_URL, REDIS_URL, CATALOG_URL, PAYMENT_PROVIDER_URL or
	// PUSH_GATEWAY_URL unset the runner serves its built-ins.
	Getenv func(string) string
	// Redis chooses the Redis the runner brings when REDIS_URL names none
	// (LocalRedisAuto when zero).
	Redis LocalRedis
	// SweepInterval, when set, overrides SWEEP_INTERVAL.
	SweepInterval time.Duration
	Logger        *slog.Logger
	// Functions are served besides the project's own (tests, experiments);
	// one of the same name replaces the project's.
	Functions map[string]handler.FunctionHandler
	// Wrap, when set, wraps everything the runner serves over HTTP (the
	// API check puts a validator in front of it); the functions' own calls
	// to the sandboxes and to pay-callback go through it too.
	Wrap func(http.Handler) http.Handler
	// SpanExporter, when set, receives every span as it ends, beside any
	// OTLP export (tests: tracetest.InMemoryExporter).
	SpanExporter sdktrace.SpanExporter
}

// LocalRedis is the Redis the runner brings when REDIS_URL names none.
type LocalRedis struct{ s string }

// The choices of Config.Redis.
var (
	// LocalRedisAuto is a redis-server from PATH when there is one, else
	// the in-process server.
	LocalRedisAuto = LocalRedis{}
	// LocalRedisServer is a redis-server from PATH, keeping its data in
	// <data>/redis; the start fails without one.
	LocalRedisServer = LocalRedis{"redis-server"}
	// LocalRedisInProcess is the in-process server (miniredis), keeping
	// its data in <data>/redis.snapshot.
	LocalRedisInProcess = LocalRedis{"in-process"}
)

// String names the choice.
func (l LocalRedis) String() string {
	if l.s == "" {
		return "auto"
	}
	return l.s
}

func (c *Config) setDefaults() {
	if c.Addr == "" {
		c.Addr = DefaultAddr
	}
	if c.DataDir == "" {
		c.DataDir = DefaultDataDir
	}
	if c.Getenv == nil {
		c.Getenv = os.Getenv
	}
	if c.StackFile == "" {
		if _, err := os.Stat("stack.yml"); err == nil {
			c.StackFile = "stack.yml"
		}
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
}

// environment reads the functions' configuration, with the runner's own
// default for SECRETS_DIR.
func (c *Config) environment() (app.Config, error) {
	env, err := app.LoadConfig(func(name string) string {
		if v := c.Getenv(name); v != "" || name != "SECRETS_DIR" {
			return v
		}
		return filepath.Join(c.DataDir, "secrets")
	})
	if err != nil {
		return env, fmt.Errorf("environment: %w", err)
	}
	if c.SweepInterval > 0 {
		env.SweepInterval = c.SweepInterval
	}
	return env, nil
}

// LogValue prints the runner's flags; the environment is printed apart.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(slog.String("addr", c.Addr), slog.String("data", c.DataDir),
		slog.String("stack", c.StackFile), slog.String("catalog_file", c.CatalogFile),
		slog.String("local_redis", c.Redis.String()))
}
