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
	out.Transport = labelled{dependency: DependencyKey.String(dependency),
		next: otelhttp.NewTransport(base,
			otelhttp.WithMeterProvider(mp),
			otelhttp.WithTracerProvider(tracenoop.NewTracerProvider()))}
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
