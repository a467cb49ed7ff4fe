package telemetry

import (
	"context"

	"go.opentelemetry.io/otel/trace"
)

// Continue returns ctx when it already carries a span (the server span
// the invoker started for the call, itself a child of the headers'
// trace context), else ctx with the remote trace context of h: a handler
// called without an invoker still continues its caller's trace, and one
// called through an invoker stays under the invoker's span.
func Continue(ctx context.Context, h map[string][]string) context.Context {
	if trace.SpanContextFromContext(ctx).IsValid() {
		return ctx
	}
	return ExtractHeaders(ctx, h)
}
