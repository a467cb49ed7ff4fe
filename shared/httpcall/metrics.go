package httpcall

import (
	"net/http"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	tracenoop "go.opentelemetry.io/otel/trace/noop"
)

// DependencyKey names the dependency on the calls' metrics, as its
// breaker is named (Config.Name).
const DependencyKey = attribute.Key("dependency")

// measured returns a copy of c whose calls are timed by otelhttp in
// http.client.request.duration (and sized in http.client.request.body.size),
// by the semantic conventions (method, server address and port, status
// code, error type), with the dependency's name beside them, made with mp
// (the global provider when nil). Only metrics: it makes no span.
func measured(c *http.Client, dependency string, mp metric.MeterProvider) *http.Client {
	base := c.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	out := *c
	out.Transport = otelhttp.NewTransport(base,
		otelhttp.WithMeterProvider(mp),
		otelhttp.WithTracerProvider(tracenoop.NewTracerProvider()),
		otelhttp.WithMetricAttributesFn(func(*http.Request) []attribute.KeyValue {
			return []attribute.KeyValue{DependencyKey.String(dependency)}
		}))
	return &out
}
