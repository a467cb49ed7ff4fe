package telemetry

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/semconv/v1.43.0/faasconv"
	"go.opentelemetry.io/otel/semconv/v1.43.0/httpconv"
	"go.opentelemetry.io/otel/trace"
)

// durationBuckets run from 1 ms to 10 s in seconds, with marks at the 40 ms
// query and 150 ms trade targets.
var durationBuckets = []float64{
	0.001, 0.0025, 0.005, 0.01, 0.02, 0.04, 0.075, 0.15,
	0.3, 0.6, 1, 2.5, 5, 10,
}

// FunctionMetrics instruments calls of functions, as the gateway makes them,
// by the OpenTelemetry semantic conventions: a server span per call, the
// HTTP server's request duration (http.server.request.duration) and the
// FaaS figures (faas.invocations, faas.errors, faas.invoke_duration). See
// docs/metrics.md for the names Prometheus shows.
type FunctionMetrics struct {
	tracer      trace.Tracer
	requests    httpconv.ServerRequestDuration
	invocations faasconv.Invocations
	errors      faasconv.Errors
	duration    faasconv.InvokeDuration
}

// NewFunctionMetrics makes the instruments from the given providers.
func NewFunctionMetrics(tp trace.TracerProvider, mp metric.MeterProvider) (*FunctionMetrics, error) {
	meter := mp.Meter(instrumentationName)
	m := &FunctionMetrics{tracer: tp.Tracer(instrumentationName)}
	var err error
	if m.requests.Float64Histogram, err = durationHistogram(meter, m.requests); err != nil {
		return nil, err
	}
	if m.duration.Float64Histogram, err = durationHistogram(meter, m.duration); err != nil {
		return nil, err
	}
	if m.invocations, err = faasconv.NewInvocations(meter); err != nil {
		return nil, fmt.Errorf("create %s: %w", m.invocations.Name(), err)
	}
	if m.errors, err = faasconv.NewErrors(meter); err != nil {
		return nil, fmt.Errorf("create %s: %w", m.errors.Name(), err)
	}
	return m, nil
}

// semconvInstrument is what the semantic conventions' instruments tell of
// themselves.
type semconvInstrument interface {
	Name() string
	Unit() string
	Description() string
}

// durationHistogram makes the histogram of the convention inst with the
// order center's buckets (the conventions' constructors put theirs last,
// over any given).
func durationHistogram(meter metric.Meter, inst semconvInstrument) (metric.Float64Histogram, error) {
	h, err := meter.Float64Histogram(inst.Name(), metric.WithUnit(inst.Unit()),
		metric.WithDescription(inst.Description()), metric.WithExplicitBucketBoundaries(durationBuckets...))
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", inst.Name(), err)
	}
	return h, nil
}

// StartCall starts a server span named after function, child of any span in
// ctx (extract the caller's with [ExtractHeaders] first), and returns the
// span's context and the function that ends the call. Call end exactly once
// with the HTTP status answered (0 if none) and the error met, if any: it
// sets the span's status (Error for a 5xx or an error), records the call's
// duration and counts it as an invocation or, failed, as an error. Error
// messages are masked with [MaskPhones].
func (m *FunctionMetrics) StartCall(ctx context.Context, function, method string) (context.Context, func(status int, err error)) {
	start := time.Now()
	ctx, span := m.tracer.Start(ctx, function,
		trace.WithSpanKind(trace.SpanKindServer),
		trace.WithTimestamp(start),
		trace.WithAttributes(
			semconv.FaaSName(function),
			semconv.FaaSTriggerHTTP,
			semconv.HTTPRequestMethodKey.String(method),
		))
	return ctx, func(status int, err error) {
		m.endCall(span, call{function: function, method: method, start: start, status: status, err: err})
	}
}

// Declare starts the function's call counters at 0, so that its error
// rate reads 0, not "no data", until its first call; call it once per
// function served.
func (m *FunctionMetrics) Declare(function string) {
	fn := attribute.NewSet(semconv.FaaSName(function), semconv.FaaSTriggerHTTP)
	m.invocations.AddSet(context.Background(), 0, fn)
	m.errors.AddSet(context.Background(), 0, fn)
}

// call is one call as it ended.
type call struct {
	function, method string
	start            time.Time
	status           int
	err              error
}

// errorType is the call's error.type: the error's type, or the 5xx status
// answered; "" for a call that did not fail.
func (c call) errorType() string {
	switch {
	case c.err != nil:
		return semconv.ErrorType(c.err).Value.AsString()
	case c.status >= 500:
		return strconv.Itoa(c.status)
	}
	return ""
}

func (m *FunctionMetrics) endCall(span trace.Span, c call) {
	end := time.Now()
	if c.status > 0 {
		span.SetAttributes(semconv.HTTPResponseStatusCode(c.status))
	}
	failure := c.errorType()
	if failure != "" {
		span.SetAttributes(semconv.ErrorTypeKey.String(failure))
		span.SetStatus(codes.Error, c.describe())
	}
	span.End(trace.WithTimestamp(end))
	// The call's context may be cancelled by now; the span alone links
	// exemplars to the trace.
	ctx := trace.ContextWithSpan(context.Background(), span)
	m.record(ctx, c, failure, end.Sub(c.start).Seconds())
}

// describe is the span status's description of a failed call.
func (c call) describe() string {
	if c.err != nil {
		return MaskPhones(c.err.Error())
	}
	return http.StatusText(c.status)
}

// record counts and times the call.
func (m *FunctionMetrics) record(ctx context.Context, c call, failure string, seconds float64) {
	fn := attribute.NewSet(semconv.FaaSName(c.function), semconv.FaaSTriggerHTTP)
	m.duration.RecordSet(ctx, seconds, fn)
	if failure != "" {
		m.errors.AddSet(ctx, 1, fn)
	} else {
		m.invocations.AddSet(ctx, 1, fn)
	}
	req := []attribute.KeyValue{
		semconv.HTTPRequestMethodKey.String(c.method),
		semconv.HTTPRoute(FunctionRoute(c.function)),
	}
	if c.status > 0 {
		req = append(req, semconv.HTTPResponseStatusCode(c.status))
	}
	if failure != "" {
		req = append(req, semconv.ErrorTypeKey.String(failure))
	}
	m.requests.RecordSet(ctx, seconds, attribute.NewSet(req...))
}

// FunctionRoute is the http.route of the calls of a function: the
// gateway's path of it, "/function/<name>".
func FunctionRoute(function string) string { return "/function/" + function }
