package httpcall

import (
	"net/http"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/ordercenter/ordercenter/shared/telemetry"
)

// DependencyKey names the dependency on the calls' metrics, as its
// breaker is named (Config.Name).
const DependencyKey = attribute.Key("dependency")

// instrumented returns a copy of c whose calls go through one otelhttp
// transport: each is a client span made with tp, named "<dependency>
// <method>" (for example "push gateway POST"), carrying its trace context
// (traceparent) to the dependency, and each is timed in
// http.client.request.duration (and sized in
// http.client.request.body.size) with mp, by the semantic conventions
// (method, server address and port, status code, error type), with the
// dependency's name beside them. A nil provider is the global one.
func instrumented(c *http.Client, dependency string, tp trace.TracerProvider, mp metric.MeterProvider) *http.Client {
	base := c.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	out := *c
	out.Transport = labelled{dependency: DependencyKey.String(dependency),
		next: otelhttp.NewTransport(base,
			otelhttp.WithTracerProvider(tp),
			otelhttp.WithMeterProvider(mp),
			otelhttp.WithPropagators(telemetry.Propagator()),
			otelhttp.WithSpanNameFormatter(func(_ string, r *http.Request) string { return dependency + " " + r.Method }))}
	return &out
}

// labelled adds the dependency to the attributes otelhttp records the
// call's metrics with (its client labeler).
type labelled struct {
	dependency attribute.KeyValue
	next       http.RoundTripper
}

func (l labelled) RoundTrip(req *http.Request) (*http.Response, error) {
	labeler, found := otelhttp.ClientLabelerFromContext(req.Context())
	if !found {
		req = req.WithContext(otelhttp.ContextWithClientLabeler(req.Context(), labeler))
	}
	labeler.Add(l.dependency)
	return l.next.RoundTrip(req)
}
