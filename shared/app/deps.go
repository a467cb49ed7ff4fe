package app

import (
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/redis/go-redis/v9"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/ordercenter/ordercenter/shared/catalog"
	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/metrics"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/origin"
	"github.com/ordercenter/ordercenter/shared/payment/ledger"
	"github.com/ordercenter/ordercenter/shared/payment/provider"
	"github.com/ordercenter/ordercenter/shared/push"
	"github.com/ordercenter/ordercenter/shared/refund"
	"github.com/ordercenter/ordercenter/shared/reserve"
)

// Deps are the parts the functions are built from: each built on first
// use from Config, or given (the runner gives its embedded store, NATS
// and Redis), and kept. It is safe for concurrent use.
type Deps struct {
	// Name names the process towards NATS and in logs: the function's
	// name when deployed, "ordercenter" in the runner.
	Name string
	// Config is the configuration the parts are built from.
	Config Config
	// Log receives what the parts and functions log.
	Log *slog.Logger
	// Now is the clock.
	Now func() time.Time
	// Tracing makes the client spans of every part built here (store,
	// Redis, NATS publish, outbound HTTP): the global provider unless
	// given WithTracerProvider (the runner gives its own).
	Tracing trace.TracerProvider

	store    memo[kv.Store]
	nats     memo[*nats.Conn]
	orders   memo[*orderstore.Repository]
	reader   memo[*orderstore.Repository]
	redis    memo[redis.UniversalClient]
	reserver memo[*reserve.Reserver]
	auth     memo[*httpapi.Authenticator]
	catalog  memo[*catalog.Client]
	payments memo[*provider.Client]
	push     memo[*push.Client]
	refunds  memo[*refund.Service]
	ledger   memo[*ledger.Recorder]
	keys     memo[origin.Keys]
	signer   memo[*origin.Signer]
	events   memo[*origin.Verifier]
	schedule memo[*origin.Verifier]
	metrics  memo[*metrics.Recorder]

	// meterProvider records the figures (WithMeterProvider; nil: the
	// global one).
	meterProvider metric.MeterProvider

	mu      sync.Mutex
	closers []func() error
}

// Option gives Deps a part instead of building it.
type Option func(*Deps)

// WithStore makes Deps use store (the runner's embedded store).
func WithStore(store kv.Store) Option { return func(d *Deps) { d.store.set(store) } }

// WithNATS makes Deps publish events over nc, which the caller closes.
func WithNATS(nc *nats.Conn) Option { return func(d *Deps) { d.nats.set(nc) } }

// WithRedis makes Deps use rdb, which the caller closes.
func WithRedis(rdb redis.UniversalClient) Option { return func(d *Deps) { d.redis.set(rdb) } }

// WithLogger sets Deps.Log.
func WithLogger(log *slog.Logger) Option { return func(d *Deps) { d.Log = log } }

// WithTracerProvider sets Deps.Tracing.
func WithTracerProvider(tp trace.TracerProvider) Option { return func(d *Deps) { d.Tracing = tp } }

// WithClock sets Deps.Now.
func WithClock(now func() time.Time) Option { return func(d *Deps) { d.Now = now } }

// New returns the Deps of the process name over cfg; it builds nothing
// yet.
func New(name string, cfg Config, opts ...Option) *Deps {
	d := &Deps{Name: name, Config: cfg, Log: slog.Default(), Now: time.Now, Tracing: otel.GetTracerProvider()}
	for _, opt := range opts {
		opt(d)
	}
	return d
}

// onClose registers what Close undoes.
func (d *Deps) onClose(fn func() error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.closers = append(d.closers, fn)
}

// Close closes the connections Deps opened itself (not those given to
// it), newest first.
func (d *Deps) Close() error {
	d.mu.Lock()
	closers := d.closers
	d.closers = nil
	d.mu.Unlock()
	var errs []error
	for i := len(closers) - 1; i >= 0; i-- {
		errs = append(errs, closers[i]())
	}
	return errors.Join(errs...)
}
