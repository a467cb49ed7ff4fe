package telemetry

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// instrumentationName is the scope of the tracers and meters made here.
const instrumentationName = "github.com/ordercenter/ordercenter/shared/telemetry"

// Telemetry holds the process's trace and metric providers. Make one with
// [Setup] and release it with [Telemetry.Shutdown].
type Telemetry struct {
	tracerProvider *sdktrace.TracerProvider
	meterProvider  *sdkmetric.MeterProvider
	registry       *prometheus.Registry // nil unless Config.Prometheus
	functions      *FunctionMetrics
}

// Setup builds the trace and metric providers that cfg describes and
// installs them, with the W3C tracecontext and baggage propagator, as the
// process's global OpenTelemetry providers. With an OTLPEndpoint it adds
// OTLP/HTTP exporters (a batching span processor and a periodic metric
// reader); without one, spans are still made, so logs get trace ids, but
// nothing is sent. It opens no connection itself.
func Setup(ctx context.Context, cfg Config) (*Telemetry, error) {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("telemetry config: %w", err)
	}
	res, err := newResource(cfg.ServiceName)
	if err != nil {
		return nil, err
	}
	tp, err := newTracerProvider(ctx, cfg, res)
	if err != nil {
		return nil, err
	}
	t := &Telemetry{tracerProvider: tp}
	if cfg.Prometheus {
		t.registry = newRegistry()
	}
	if t.meterProvider, err = newMeterProvider(ctx, cfg, res, t.registry); err != nil {
		return nil, errors.Join(err, t.Shutdown(ctx))
	}
	if t.functions, err = NewFunctionMetrics(tp, t.meterProvider); err != nil {
		return nil, errors.Join(err, t.Shutdown(ctx))
	}
	otel.SetTracerProvider(tp)
	otel.SetMeterProvider(t.meterProvider)
	otel.SetTextMapPropagator(Propagator())
	return t, nil
}

// Propagator returns the W3C tracecontext and baggage propagator that
// [Setup] installs globally.
func Propagator() propagation.TextMapPropagator {
	return propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{})
}

// Shutdown ends the span processors and metric readers, exporting what they
// still hold; it waits no longer than ctx allows. The Telemetry is of no use
// afterwards.
func (t *Telemetry) Shutdown(ctx context.Context) error {
	var errs []error
	if t.tracerProvider != nil {
		if err := t.tracerProvider.Shutdown(ctx); err != nil {
			errs = append(errs, fmt.Errorf("shut down tracer provider: %w", err))
		}
	}
	if t.meterProvider != nil {
		if err := t.meterProvider.Shutdown(ctx); err != nil {
			errs = append(errs, fmt.Errorf("shut down meter provider: %w", err))
		}
	}
	return errors.Join(errs...)
}

// ForceFlush exports the spans and metrics held so far without shutting
// down, for a function about to be frozen between calls.
func (t *Telemetry) ForceFlush(ctx context.Context) error {
	var errs []error
	if err := t.tracerProvider.ForceFlush(ctx); err != nil {
		errs = append(errs, fmt.Errorf("flush spans: %w", err))
	}
	if err := t.meterProvider.ForceFlush(ctx); err != nil {
		errs = append(errs, fmt.Errorf("flush metrics: %w", err))
	}
	return errors.Join(errs...)
}

// TracerProvider returns the provider of the process's tracers.
func (t *Telemetry) TracerProvider() trace.TracerProvider { return t.tracerProvider }

// MeterProvider returns the provider of the process's meters.
func (t *Telemetry) MeterProvider() metric.MeterProvider { return t.meterProvider }

// Functions returns the per-function call instrumentation bound to these
// providers.
func (t *Telemetry) Functions() *FunctionMetrics { return t.functions }

// MetricsHandler serves the metrics in the Prometheus text format from the
// Telemetry's own registry (never the global one). It answers 404 when
// Config.Prometheus was off.
func (t *Telemetry) MetricsHandler() http.Handler {
	if t.registry == nil {
		return http.NotFoundHandler()
	}
	return promhttp.HandlerFor(t.registry, promhttp.HandlerOpts{Registry: t.registry})
}
