package telemetry

import (
	"context"
	"net/textproto"
	"strings"
)

// InjectHeaders writes the trace context of ctx (traceparent, tracestate,
// baggage) into the HTTP header h with the W3C propagator ([Propagator]),
// whether or not [Setup] has run; keys are written in canonical form
// ("Traceparent"), as net/http does. A nil h is left alone.
func InjectHeaders(ctx context.Context, h map[string][]string) {
	if h == nil {
		return
	}
	Propagator().Inject(ctx, headerCarrier{h: h, canonical: true})
}

// InjectEventHeaders is InjectHeaders for the headers of an event (a
// nats.Header, whose keys are case-sensitive): keys are written as W3C
// Trace Context names them ("traceparent"), as contract section 11 says.
func InjectEventHeaders(ctx context.Context, h map[string][]string) {
	if h == nil {
		return
	}
	Propagator().Inject(ctx, headerCarrier{h: h})
}

// ExtractHeaders returns ctx with the remote trace context read from h
// with the W3C propagator. Keys are matched without regard to case,
// so a NATS header written as "traceparent" by another client is found.
func ExtractHeaders(ctx context.Context, h map[string][]string) context.Context {
	return Propagator().Extract(ctx, headerCarrier{h: h})
}

// headerCarrier adapts a header map to propagation.TextMapCarrier; it
// writes keys in canonical form or as the propagator names them.
type headerCarrier struct {
	h         map[string][]string
	canonical bool
}

// Get returns the first value of key, matched without regard to case.
func (c headerCarrier) Get(key string) string {
	if v := c.h[key]; len(v) > 0 {
		return v[0]
	}
	if v := c.h[textproto.CanonicalMIMEHeaderKey(key)]; len(v) > 0 {
		return v[0]
	}
	for k, v := range c.h {
		if len(v) > 0 && strings.EqualFold(k, key) {
			return v[0]
		}
	}
	return ""
}

// Set replaces the values of key, written in the carrier's form.
func (c headerCarrier) Set(key, value string) {
	for k := range c.h {
		if strings.EqualFold(k, key) {
			delete(c.h, k)
		}
	}
	if c.canonical {
		key = textproto.CanonicalMIMEHeaderKey(key)
	}
	c.h[key] = []string{value}
}

// Keys lists the keys present.
func (c headerCarrier) Keys() []string {
	keys := make([]string, 0, len(c.h))
	for k := range c.h {
		keys = append(keys, k)
	}
	return keys
}
