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
	"go.opentelemetry.io/otel/trace"
)

// Names of the per-function metrics. Prometheus shows them as
// ordercenter_function_calls_total and
// ordercenter_function_duration_seconds.
const (
	CallsMetric    = "ordercenter.function.calls"
	DurationMetric = "ordercenter.function.duration"
)

// Attribute keys of the per-function metrics.
const (
	FunctionKey    = attribute.Key("function")
	StatusClassKey = attribute.Key("status_class")
)

// durationBuckets run from 1 ms to 10 s in seconds, with marks at the 40 ms
// query and 150 ms trade targets.
var durationBuckets = []float64{
	0.001, 0.0025, 0.005, 0.01, 0.02, 0.04, 0.075, 0.15,
	0.3, 0.6, 1, 2.5, 5, 10,
}

// FunctionMetrics instruments calls of functions, as the gateway makes them:
// a server span per call, a call counter and a latency histogram.
type FunctionMetrics struct {
	tracer   trace.Tracer
	calls    metric.Int64Counter
	duration metric.Float64Histogram
}

// NewFunctionMetrics makes the instruments from the given providers.
func NewFunctionMetrics(tp trace.TracerProvider, mp metric.MeterProvider) (*FunctionMetrics, error) {
	meter := mp.Meter(instrumentationName)
	calls, err := meter.Int64Counter(CallsMetric,
		metric.WithUnit("{call}"),
		metric.WithDescription("Function calls, by function and status class."))
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", CallsMetric, err)
	}
	duration, err := meter.Float64Histogram(DurationMetric,
		metric.WithUnit("s"),
		metric.WithDescription("Time from the start to the end of a function call."),
		metric.WithExplicitBucketBoundaries(durationBuckets...))
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", DurationMetric, err)
	}
	return &FunctionMetrics{tracer: tp.Tracer(instrumentationName), calls: calls, duration: duration}, nil
}

// StartCall starts a server span named after function, child of any span in
// ctx (extract the caller's with [ExtractHeaders] first), and returns the
// span's context and the function that ends the call. Call end exactly once
// with the HTTP status answered (0 if none) and the error met, if any: it
// sets the span's status (Error for a 5xx or an error), counts the call and
// records its duration. Error messages are masked with [MaskPhones].
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
		m.endCall(span, function, start, status, err)
	}
}

func (m *FunctionMetrics) endCall(span trace.Span, function string, start time.Time, status int, err error) {
	end := time.Now()
	if status > 0 {
		span.SetAttributes(semconv.HTTPResponseStatusCode(status))
	}
	switch {
	case err != nil:
		span.SetAttributes(semconv.ErrorType(err))
		span.SetStatus(codes.Error, MaskPhones(err.Error()))
	case status >= 500:
		span.SetAttributes(semconv.ErrorTypeKey.String(strconv.Itoa(status)))
		span.SetStatus(codes.Error, http.StatusText(status))
	}
	span.End(trace.WithTimestamp(end))

	attrs := metric.WithAttributeSet(attribute.NewSet(
		FunctionKey.String(function),
		StatusClassKey.String(StatusClass(status)),
	))
	// The call's context may be cancelled by now; the span alone links
	// exemplars to the trace.
	ctx := trace.ContextWithSpan(context.Background(), span)
	m.calls.Add(ctx, 1, attrs)
	m.duration.Record(ctx, end.Sub(start).Seconds(), attrs)
}

// StatusClass names the class of an HTTP status: "2xx" for 200 to 299 and
// so on up to "5xx", and "none" for anything outside 100 to 599 (such as 0
// for a call that never answered).
func StatusClass(status int) string {
	if status < 100 || status > 599 {
		return "none"
	}
	return strconv.Itoa(status/100) + "xx"
}
