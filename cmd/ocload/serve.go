package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/ordercenter/ordercenter/cmd/internal/runner"
	"github.com/ordercenter/ordercenter/shared/catalog/builtin"
	"github.com/ordercenter/ordercenter/shared/telemetry"
)

// servedCenter is the order center -serve started.
type servedCenter struct {
	url, secretsDir string
	stop            func()
}

// serve starts the local runner in this process, as `ordercenter serve`
// does (every function behind its gateway, the embedded store fsync'd
// on every commit, an embedded NATS with JetStream, Redis as the runner
// brings it, the sandboxes, the connector following the stack file, the
// sweeper's schedule), on a free loopback port over a data directory of
// its own, serving menus as its catalog. It reads the environment as
// the runner does, except that RATE_LIMIT_PER_ADDRESS defaults to 0 (off:
// every call comes from this one address). Its log goes to stderr,
// warnings and errors only.
func serve(ctx context.Context, o options, menus []builtin.Menu, stderr io.Writer) (*servedCenter, error) {
	if _, err := os.Stat(o.stack); err != nil {
		return nil, fmt.Errorf("-stack: %w (run from the repository's root, or name stack.yml): without it no event reaches a function", err)
	}
	data, remove, err := dataDir(o.data)
	if err != nil {
		return nil, err
	}
	catalogFile := filepath.Join(data, "load-catalog.json")
	if err := writeCatalog(catalogFile, menus); err != nil {
		remove()
		return nil, err
	}
	logger := telemetry.NewLogger(stderr, "ordercenter", slog.LevelWarn)
	slog.SetDefault(logger) // the parts that log through the default logger, as ordercenter serve does
	r, err := runner.Start(ctx, runner.Config{Addr: "127.0.0.1:0", DataDir: data, CatalogFile: catalogFile,
		StackFile: o.stack, Getenv: serveEnv, Logger: logger})
	if err != nil {
		remove()
		return nil, fmt.Errorf("start the order center: %w", err)
	}
	secretsDir := os.Getenv("SECRETS_DIR")
	if secretsDir == "" {
		secretsDir = filepath.Join(data, "secrets")
	}
	fmt.Fprintf(stderr, "ocload: order center at %s (data %s)\n", r.URL(), data)
	return &servedCenter{url: r.URL(), secretsDir: secretsDir, stop: func() {
		drain, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = r.Close(drain)
		remove()
	}}, nil
}

// serveEnv is the environment with the address rate limit off by default.
func serveEnv(name string) string {
	if v := os.Getenv(name); v != "" || name != "RATE_LIMIT_PER_ADDRESS" {
		return v
	}
	return "0"
}

// dataDir returns dir, or a fresh temporary directory that the returned
// function removes.
func dataDir(dir string) (string, func(), error) {
	if dir != "" {
		return dir, func() {}, os.MkdirAll(dir, 0o700)
	}
	tmp, err := os.MkdirTemp("", "ocload-")
	return tmp, func() { _ = os.RemoveAll(tmp) }, err
}
