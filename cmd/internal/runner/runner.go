package runner

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/ordercenter/ordercenter/cmd/internal/gateway"
	"github.com/ordercenter/ordercenter/shared/app"
	"github.com/ordercenter/ordercenter/shared/kv/boltkv"
	pushsandbox "github.com/ordercenter/ordercenter/shared/push/sandbox"
	"github.com/ordercenter/ordercenter/shared/redisclient"
	"github.com/ordercenter/ordercenter/shared/telemetry"
)

// Runner is the running order center.
type Runner struct {
	cfg Config
	// env is the functions' configuration, pointed at the built-ins
	// where the environment names no external part.
	env     app.Config
	deps    *app.Deps
	log     *slog.Logger
	tel     *telemetry.Telemetry
	store   *boltkv.Store
	nc      *nats.Conn
	js      jetstream.JetStream
	redis   *redisclient.Client
	gateway *gateway.Gateway
	// pushSandbox is the built-in push gateway, when it is used.
	pushSandbox *pushsandbox.Gateway
	mux         *http.ServeMux
	server      *http.Server
	listener    net.Listener
	// closers undo the start, newest first.
	closers []func(context.Context) error
	// background runs the schedule and the connector until cancelled.
	background context.CancelFunc
	bg         sync.WaitGroup
	ready      atomic.Bool
	started    time.Time

	// natsEmbedded: the runner started NATS itself (no NATS_URL).
	natsEmbedded bool
}

// Start brings every part up and serves; it returns once /healthz would
// answer 200, or with what failed (having closed what it had started).
func Start(ctx context.Context, cfg Config) (*Runner, error) {
	cfg.setDefaults()
	env, err := cfg.environment()
	if err != nil {
		return nil, err
	}
	r := &Runner{cfg: cfg, env: env, log: cfg.Logger, mux: http.NewServeMux(), started: time.Now()}
	steps := []func(context.Context) error{
		r.prepareData, r.startTelemetry, r.openStore, r.startNATS, r.wireEvents, r.startRedis,
		r.listen, r.mountSandboxes, r.registerFunctions, r.observeFigures, r.serve, r.startBackground,
	}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			_ = r.Close(context.Background())
			return nil, err
		}
	}
	r.ready.Store(true)
	r.log.Info("order center ready", "url", r.URL(), "functions", r.gateway.Names(),
		"took", time.Since(r.started).Round(time.Millisecond).String())
	return r, nil
}

// URL is the base URL the runner serves at.
func (r *Runner) URL() string { return "http://" + r.listener.Addr().String() }

// onClose registers what undoes a step of the start.
func (r *Runner) onClose(fn func(context.Context) error) {
	r.closers = append(r.closers, fn)
}

// Close stops taking calls, lets the calls in flight finish (until ctx
// ends), stops the schedule and the connector, and closes NATS, Redis, the
// store and telemetry, in the reverse order of the start.
func (r *Runner) Close(ctx context.Context) error {
	r.ready.Store(false)
	var errs []error
	for i := len(r.closers) - 1; i >= 0; i-- {
		errs = append(errs, r.closers[i](ctx))
	}
	r.closers = nil
	return errors.Join(errs...)
}

func (r *Runner) listen(context.Context) error {
	ln, err := net.Listen("tcp", r.cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", r.cfg.Addr, err)
	}
	r.listener = ln
	return nil
}

func (r *Runner) serve(context.Context) error {
	r.mux.Handle("/function/", r.gateway)
	r.mux.HandleFunc("GET /healthz", r.health)
	r.mux.Handle("GET /metrics", r.tel.MetricsHandler())
	r.mux.HandleFunc("GET /openapi.json", serveOpenAPI)
	r.mux.HandleFunc("GET /{$}", r.index)
	var h http.Handler = r.mux
	if r.cfg.Wrap != nil {
		h = r.cfg.Wrap(h)
	}
	r.server = &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: time.Minute, WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute}
	go func() {
		if err := r.server.Serve(r.listener); err != nil && !errors.Is(err, http.ErrServerClosed) {
			r.log.Error("http server stopped", "err", err)
		}
	}()
	r.onClose(r.server.Shutdown)
	return nil
}

func (r *Runner) startBackground(context.Context) error {
	ctx, cancel := context.WithCancel(context.Background())
	r.background = cancel
	if err := r.startConnector(ctx); err != nil {
		cancel()
		return err
	}
	r.onClose(func(context.Context) error {
		cancel()
		r.bg.Wait()
		return nil
	})
	return nil
}
