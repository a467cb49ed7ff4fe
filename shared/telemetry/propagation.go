package telemetry

import (
	"context"
	"net/textproto"
	"strings"
)

// InjectHeaders writes the trace context of ctx (traceparent, tracestate,
// baggage) into h with the W3C propagator ([Propagator]), whether or not
// [Setup] has run. h
// may be an http.Header or a nats.Header, both maps of this shape; keys are
// written in canonical form ("Traceparent"). A nil h is left alone.
func InjectHeaders(ctx context.Context, h map[string][]string) {
	if h == nil {
		return
	}
	Propagator().Inject(ctx, headerCarrier(h))
}

// ExtractHeaders returns ctx with the remote trace context read from h
// with the W3C propagator. Keys are matched without regard to case,
// so a NATS header written as "traceparent" by another client is found.
func ExtractHeaders(ctx context.Context, h map[string][]string) context.Context {
	return Propagator().Extract(ctx, headerCarrier(h))
}

// headerCarrier adapts a header map to propagation.TextMapCarrier.
type headerCarrier map[string][]string

// Get returns the first value of key, matched without regard to case.
func (c headerCarrier) Get(key string) string {
	if v := c[textproto.CanonicalMIMEHeaderKey(key)]; len(v) > 0 {
		return v[0]
	}
	for k, v := range c {
		if len(v) > 0 && strings.EqualFold(k, key) {
			return v[0]
		}
	}
	return ""
}

// Set replaces the values of key, written in canonical form.
func (c headerCarrier) Set(key, value string) {
	for k := range c {
		if strings.EqualFold(k, key) {
			delete(c, k)
		}
	}
	c[textproto.CanonicalMIMEHeaderKey(key)] = []string{value}
}

// Keys lists the keys present.
func (c headerCarrier) Keys() []string {
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	return keys
}
