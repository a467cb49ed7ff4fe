// Package runner is the local order center: every function behind one
// gateway, with the embedded store, NATS and Redis, the built-in catalog,
// the sandbox payment provider and push gateway, the NATS connector and the
// sweeper's schedule, all in one process.
package runner

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"
)

// Defaults of Config.
const (
	DefaultAddr          = "127.0.0.1:8080"
	DefaultDataDir       = ".data"
	DefaultSweepInterval = 5 * time.Second
)

// Config is the runner's configuration: flags, then the environment the
// functions read too (contract section 2).
type Config struct {
	Addr        string
	DataDir     string
	CatalogFile string
	// StackFile is the OpenFaaS stack whose topic annotations the NATS
	// connector follows ("stack.yml" when it exists, else none).
	StackFile     string
	SecretsDir    string
	NATSURL       string
	RedisURL      string
	CatalogURL    string
	PaymentURL    string
	PushURL       string
	OTLPEndpoint  string
	SweepInterval time.Duration
	Logger        *slog.Logger
	// Functions are served besides the project's own (tests, experiments);
	// one of the same name replaces the project's.
	Functions map[string]handler.FunctionHandler
}

// FromEnv fills the configuration's environment part through getenv.
func (c *Config) FromEnv(getenv func(string) string) error {
	c.SecretsDir = getenv("SECRETS_DIR")
	c.NATSURL = getenv("NATS_URL")
	c.RedisURL = getenv("REDIS_URL")
	c.CatalogURL = getenv("CATALOG_URL")
	c.PaymentURL = getenv("PAYMENT_PROVIDER_URL")
	c.PushURL = getenv("PUSH_GATEWAY_URL")
	c.OTLPEndpoint = getenv("OTEL_EXPORTER_OTLP_ENDPOINT")
	if v := getenv("SWEEP_INTERVAL"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return fmt.Errorf("SWEEP_INTERVAL %q: want a positive Go duration such as 5s", v)
		}
		c.SweepInterval = d
	}
	return nil
}

func (c *Config) setDefaults() {
	if c.Addr == "" {
		c.Addr = DefaultAddr
	}
	if c.DataDir == "" {
		c.DataDir = DefaultDataDir
	}
	if c.SecretsDir == "" {
		c.SecretsDir = filepath.Join(c.DataDir, "secrets")
	}
	if c.SweepInterval <= 0 {
		c.SweepInterval = DefaultSweepInterval
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

// LogValue prints the configuration at start; it holds no secrets, only
// where they are.
func (c Config) LogValue() slog.Value {
	orBuiltIn := func(s string) string {
		if s == "" {
			return "built-in"
		}
		return s
	}
	return slog.GroupValue(
		slog.String("addr", c.Addr), slog.String("data", c.DataDir),
		slog.String("secrets_dir", c.SecretsDir), slog.String("stack", c.StackFile),
		slog.String("nats", orBuiltIn(c.NATSURL)), slog.String("redis", orBuiltIn(c.RedisURL)),
		slog.String("catalog", orBuiltIn(c.CatalogURL)), slog.String("payment_provider", orBuiltIn(c.PaymentURL)),
		slog.String("push_gateway", orBuiltIn(c.PushURL)), slog.String("sweep_interval", c.SweepInterval.String()),
	)
}
