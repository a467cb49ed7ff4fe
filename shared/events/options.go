package events

import "go.opentelemetry.io/otel/trace"

// Option tunes a Publisher or a Consumer.
type Option func(*options)

type options struct {
	tracerProvider trace.TracerProvider
}

// WithTracerProvider makes the spans of publishing (a producer span per
// event) and of handling (a consumer span per delivery) with tp; without
// it, with the global provider.
func WithTracerProvider(tp trace.TracerProvider) Option {
	return func(o *options) { o.tracerProvider = tp }
}

func optionsOf(opts []Option) options {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	return o
}
