package telemetry

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

const phone, masked = "13800001234", "138****1234"

// lines decodes each JSON line that buf holds.
func lines(t *testing.T, buf *bytes.Buffer) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		out = append(out, m)
	}
	return out
}

func TestLoggerMasksPhones(t *testing.T) {
	var buf bytes.Buffer
	log := NewLogger(&buf, "place-order", slog.LevelInfo).
		With("contact", phone).
		WithGroup("req")
	type delivery struct {
		Name  string            `json:"name"`
		Phone string            `json:"phone"`
		Tags  map[string]string `json:"tags"`
	}
	log.Info("deliver to "+phone,
		"phone", phone,
		slog.Group("delivery", "phone", "tel:"+phone),
		"err", errors.New("user "+phone+" not found"),
		"address", delivery{Name: "Li", Phone: phone, Tags: map[string]string{phone: phone}},
		"amount", 13800001234,
	)
	out := buf.String()
	if strings.Contains(strings.ReplaceAll(out, `"amount":13800001234`, ""), phone) {
		t.Fatalf("phone in clear: %s", out)
	}
	m := lines(t, &buf)[0]
	req := m["req"].(map[string]any)
	checks := map[string]any{
		"msg":            m["msg"],
		"contact":        m["contact"],
		"phone":          req["phone"],
		"delivery.phone": req["delivery"].(map[string]any)["phone"],
		"err":            req["err"],
		"address.phone":  req["address"].(map[string]any)["phone"],
	}
	for name, got := range checks {
		if s, _ := got.(string); !strings.Contains(s, masked) {
			t.Errorf("%s = %v, want it to hold %s", name, got, masked)
		}
	}
	if m[FunctionLogKey] != "place-order" {
		t.Errorf("function = %v", m[FunctionLogKey])
	}
}

func TestLoggerTraceIDs(t *testing.T) {
	tp := sdktrace.NewTracerProvider()
	defer func() { _ = tp.Shutdown(context.Background()) }()
	ctx, span := tp.Tracer("test").Start(context.Background(), "op")
	defer span.End()
	sc := span.SpanContext()

	var buf bytes.Buffer
	log := NewLogger(&buf, "refund", slog.LevelInfo)
	log.InfoContext(ctx, "in span")
	log.WithGroup("g").With("k", "v").InfoContext(ctx, "grouped", "x", 1)
	log.Info("no span")
	log.DebugContext(ctx, "below level")

	got := lines(t, &buf)
	if len(got) != 3 {
		t.Fatalf("got %d lines, want 3: %s", len(got), buf.String())
	}
	for _, m := range got[:2] {
		if m[TraceIDLogKey] != sc.TraceID().String() || m[SpanIDLogKey] != sc.SpanID().String() {
			t.Errorf("%v: trace_id %v span_id %v, want %s %s", m["msg"],
				m[TraceIDLogKey], m[SpanIDLogKey], sc.TraceID(), sc.SpanID())
		}
		if m[FunctionLogKey] != "refund" {
			t.Errorf("%v: function = %v", m["msg"], m[FunctionLogKey])
		}
	}
	if g, _ := got[1]["g"].(map[string]any); g["k"] != "v" || g["x"] != 1.0 {
		t.Errorf("group g = %v, want k and x inside", got[1]["g"])
	}
	if _, ok := got[2][TraceIDLogKey]; ok {
		t.Errorf("trace_id without a span: %v", got[2])
	}
}

func TestHandlerEmptyGroupDropped(t *testing.T) {
	var buf bytes.Buffer
	NewLogger(&buf, "f", slog.LevelInfo).WithGroup("empty").Info("m")
	if m := lines(t, &buf)[0]; m["empty"] != nil {
		t.Fatalf("empty group written: %v", m)
	}
}

func BenchmarkLogger(b *testing.B) {
	tp := sdktrace.NewTracerProvider()
	ctx, span := tp.Tracer("bench").Start(context.Background(), "op")
	defer span.End()
	log := NewLogger(io.Discard, "place-order", slog.LevelInfo).With("user_id", "u-1")
	for b.Loop() {
		log.InfoContext(ctx, "order placed", "order_id", "01jq3v8k2m4x5y6z7a8b9c0d1e", "amount", 5800, "phone", phone)
	}
}

func TestLoggerWritesDurationsAndKeepsALinesOwnFunction(t *testing.T) {
	var buf bytes.Buffer
	log := NewLogger(&buf, "ordercenter", slog.LevelInfo)
	log.Info("wired", "function", "holds", "config", slog.GroupValue(slog.Duration("timeout", 1500*time.Millisecond)))
	log.Info("started", "took", 2*time.Minute)
	got := lines(t, &buf)
	if got[0][FunctionLogKey] != "holds" || strings.Count(buf.String(), `"function"`) != 2 {
		t.Errorf("a line naming its function: %s", buf.String())
	}
	if timeout := got[0]["config"].(map[string]any)["timeout"]; timeout != "1.5s" {
		t.Errorf("timeout = %v, want 1.5s", timeout)
	}
	if got[1][FunctionLogKey] != "ordercenter" || got[1]["took"] != "2m0s" {
		t.Errorf("second line %v", got[1])
	}
}

func TestParseLevel(t *testing.T) {
	for in, want := range map[string]slog.Level{"": slog.LevelInfo, "debug": slog.LevelDebug, "WARN": slog.LevelWarn,
		"error": slog.LevelError, "info+2": slog.LevelInfo + 2} {
		if got, err := ParseLevel(in); err != nil || got != want {
			t.Errorf("ParseLevel(%q) = %v, %v, want %v", in, got, err, want)
		}
	}
	if _, err := ParseLevel("verbose"); err == nil || !strings.Contains(err.Error(), "LOG_LEVEL") {
		t.Errorf("ParseLevel(verbose) = %v, want an error naming LOG_LEVEL", err)
	}
}
