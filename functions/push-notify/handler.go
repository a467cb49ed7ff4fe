package function

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"
	"github.com/redis/go-redis/v9"

	"github.com/ordercenter/ordercenter/shared/platform"
	"github.com/ordercenter/ordercenter/shared/push"
	"github.com/ordercenter/ordercenter/shared/telemetry"
)

// pingTimeout bounds the check that Redis answers when wiring.
const pingTimeout = 2 * time.Second

// deployed is push-notify as OpenFaaS runs it, wired from the environment
// on its first call, and again on a later call while that fails.
var deployed = platform.NewLazy(func(ctx context.Context) (*Notifier, error) {
	return Wire(ctx, os.Getenv, telemetry.NewLogger(os.Stderr, Name, slog.LevelInfo))
})

// Handle is the OpenFaaS entry point.
func Handle(req handler.Request) (handler.Response, error) {
	return serve(deployed, req)
}

// serve hands req to the Notifier of lazy: 503 while it cannot be wired.
func serve(lazy *platform.Lazy[*Notifier], req handler.Request) (handler.Response, error) {
	return platform.Serve(lazy, req, "push-notify cannot reach its dependencies yet", 5*time.Second)
}

// Wire builds a Notifier from the environment: REDIS_URL and
// PUSH_GATEWAY_URL (both required), PUSH_RATE_LIMIT and PUSH_KEY_PREFIX
// (see ConfigFromEnv). It checks that Redis answers.
func Wire(ctx context.Context, getenv platform.Getenv, log *slog.Logger) (*Notifier, error) {
	cfg, err := ConfigFromEnv(getenv)
	if err != nil {
		return nil, err
	}
	redisURL, gatewayURL := getenv("REDIS_URL"), getenv("PUSH_GATEWAY_URL")
	if redisURL == "" || gatewayURL == "" {
		return nil, errors.New("REDIS_URL and PUSH_GATEWAY_URL must be set")
	}
	gateway, err := push.NewClient(push.Config{URL: gatewayURL})
	if err != nil {
		return nil, fmt.Errorf("PUSH_GATEWAY_URL: %w", err)
	}
	opts, err := redis.ParseURL(redisURL)
	if err != nil {
		return nil, errors.New("REDIS_URL is not a redis:// or rediss:// URL")
	}
	rdb := redis.NewClient(opts)
	pctx, cancel := context.WithTimeout(ctx, pingTimeout)
	defer cancel()
	if err := rdb.Ping(pctx).Err(); err != nil {
		_ = rdb.Close()
		return nil, fmt.Errorf("redis at %s: %w", opts.Addr, err)
	}
	n, err := New(Deps{Push: gateway, Redis: rdb, Config: cfg, Log: log})
	if err != nil {
		_ = rdb.Close()
		return nil, err
	}
	log.Info("push-notify wired", "push_gateway", redacted(gatewayURL), "redis", opts.Addr, "config", cfg)
	return n, nil
}

// redacted is a URL with any password masked.
func redacted(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable)"
	}
	return u.Redacted()
}
