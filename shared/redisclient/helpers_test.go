package redisclient_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/ordercenter/ordercenter/shared/redisclient"
	"github.com/ordercenter/ordercenter/shared/tlstest"
)

// open is New that fails the test on an error, closed when the test
// ends.
func open(t *testing.T, cfg redisclient.Config, dir string) *redisclient.Client {
	t.Helper()
	c, err := redisclient.New(cfg, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// assertRefused checks that Check refuses the client naming want.
func assertRefused(t *testing.T, c *redisclient.Client, want string) {
	t.Helper()
	err := c.Check(context.Background(), slog.New(slog.DiscardHandler))
	if !errors.Is(err, redisclient.ErrRefused) || !strings.Contains(err.Error(), want) {
		t.Fatalf("Check = %v, want a refusal naming %q", err, want)
	}
	t.Logf("refused: %v", err)
}

// assertWorks checks that the client answers and keeps what it is told.
func assertWorks(t *testing.T, c *redisclient.Client) {
	t.Helper()
	ctx := context.Background()
	if err := c.Check(ctx, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	if err := c.Set(ctx, "oc:check", "1", 0).Err(); err != nil {
		t.Fatal(err)
	}
	if v, err := c.Get(ctx, "oc:check").Result(); err != nil || v != "1" {
		t.Fatalf("GET = %q, %v", v, err)
	}
}

// assertUnreachable checks that Check takes c for an unreachable Redis:
// no error, a warning.
func assertUnreachable(t *testing.T, c *redisclient.Client) {
	t.Helper()
	var log strings.Builder
	if err := c.Check(context.Background(), slog.New(slog.NewTextHandler(&log, nil))); err != nil {
		t.Fatalf("Check = %v, want no refusal", err)
	}
	if !strings.Contains(log.String(), "not reachable") {
		t.Fatalf("no warning logged: %q", log.String())
	}
}

// caPEM is the certificate of a fresh CA that signed nothing.
func caPEM(t *testing.T) string { return string(tlstest.NewCA(t, "unrelated CA").PEM) }
