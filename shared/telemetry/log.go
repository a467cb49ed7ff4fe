package telemetry

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"

	"go.opentelemetry.io/otel/trace"
)

// Keys that the logs of every function carry.
const (
	FunctionLogKey = "function"
	TraceIDLogKey  = "trace_id"
	SpanIDLogKey   = "span_id"
)

// NewLogger returns a logger writing JSON lines to w at level and above.
// Every line carries "function" (function, unless the line names its own,
// as the runner's lines of one of its functions do); a line logged with a
// context holding a valid span carries its "trace_id" and "span_id" as
// well; phone numbers in the message and in attribute values are masked
// (see [NewHandler]); durations are written as Go durations ("1.5s"), not
// as nanoseconds.
func NewLogger(w io.Writer, function string, level slog.Leveler) *slog.Logger {
	json := slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level, ReplaceAttr: durationAsText})
	return slog.New(&handler{next: json, function: function})
}

// durationAsText writes a duration as text: "250ms", not 250000000.
func durationAsText(_ []string, a slog.Attr) slog.Attr {
	if a.Value.Kind() == slog.KindDuration {
		return slog.String(a.Key, a.Value.Duration().String())
	}
	return a
}

// NewHandler wraps next so that each record's message and attribute values
// (those of the record and those given to WithAttrs, within groups too) have
// phone numbers masked by [MaskPhones], and so that a record whose context
// holds a valid span gets trace_id and span_id at its top level.
func NewHandler(next slog.Handler) slog.Handler {
	return &handler{next: next}
}

// handler keeps WithAttrs and WithGroup to itself, in order, so that the
// trace ids stay at the top level whatever groups are open.
type handler struct {
	next slog.Handler
	// function, when set, is the "function" of a line that names none.
	function string
	scope    []scopeStep
}

// scopeStep is one WithGroup (group set) or one WithAttrs (attrs set).
type scopeStep struct {
	group string
	attrs []slog.Attr
}

// Enabled reports whether the wrapped handler takes records at level.
func (h *handler) Enabled(ctx context.Context, level slog.Level) bool {
	return h.next.Enabled(ctx, level)
}

// Handle masks the record, nests it in the open groups and passes it on.
func (h *handler) Handle(ctx context.Context, r slog.Record) error {
	attrs := make([]slog.Attr, 0, r.NumAttrs())
	r.Attrs(func(a slog.Attr) bool {
		attrs = append(attrs, redactAttr(a))
		return true
	})
	for i := len(h.scope) - 1; i >= 0; i-- {
		step := h.scope[i]
		if step.group == "" {
			attrs = append(slices.Clip(step.attrs), attrs...)
			continue
		}
		if len(attrs) > 0 {
			attrs = []slog.Attr{{Key: step.group, Value: slog.GroupValue(attrs...)}}
		}
	}
	out := slog.NewRecord(r.Time, r.Level, MaskPhones(r.Message), r.PC)
	if ctx != nil {
		if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
			out.AddAttrs(slog.String(TraceIDLogKey, sc.TraceID().String()),
				slog.String(SpanIDLogKey, sc.SpanID().String()))
		}
	}
	if h.function != "" && !slices.ContainsFunc(attrs, func(a slog.Attr) bool { return a.Key == FunctionLogKey }) {
		out.AddAttrs(slog.String(FunctionLogKey, h.function))
	}
	out.AddAttrs(attrs...)
	return h.next.Handle(ctx, out)
}

// WithAttrs returns a handler that adds the masked attrs to every record.
func (h *handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	if len(attrs) == 0 {
		return h
	}
	return h.with(scopeStep{attrs: redactAttrs(attrs)})
}

// WithGroup returns a handler that nests what follows in group name.
func (h *handler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	return h.with(scopeStep{group: name})
}

func (h *handler) with(step scopeStep) *handler {
	return &handler{next: h.next, function: h.function, scope: append(slices.Clip(h.scope), step)}
}

// ParseLevel reads LOG_LEVEL: debug, info, warn or error, any case, with
// an optional offset as slog spells it ("warn+2"); empty is info.
func ParseLevel(s string) (slog.Level, error) {
	if s == "" {
		return slog.LevelInfo, nil
	}
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return 0, fmt.Errorf("LOG_LEVEL %q: want debug, info, warn or error", s)
	}
	return l, nil
}
