package redisclient_test

import (
	"context"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/ordercenter/ordercenter/shared/redisclient"
	"github.com/ordercenter/ordercenter/shared/redistest"
)

// A command is a client span under the caller's, a pipeline one span for
// all its commands, no span holds a command's arguments, and opening a
// connection makes none.
func TestCommandsAreClientSpans(t *testing.T) {
	srv := redistest.Own(t)
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	c, err := redisclient.New(redisclient.Config{URL: "redis://" + srv.Options().Addr}, "", redisclient.WithTracerProvider(tp))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	ctx, caller := tp.Tracer("test").Start(context.Background(), "place-order")
	if err := c.Set(ctx, "oc:trace", "13800001234", 0).Err(); err != nil {
		t.Fatal(err)
	}
	_, err = c.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.Get(ctx, "oc:trace")
		p.Incr(ctx, "oc:trace:n")
		p.Expire(ctx, "oc:trace:n", 0)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	caller.End()

	var commands, pipelines int
	for _, s := range rec.Ended() {
		if s.SpanContext().SpanID() == caller.SpanContext().SpanID() {
			continue
		}
		if s.Parent().SpanID() != caller.SpanContext().SpanID() {
			t.Errorf("span %q outside the caller's", s.Name())
		}
		if s.SpanKind() != trace.SpanKindClient {
			t.Errorf("%s: kind %s", s.Name(), s.SpanKind())
		}
		switch {
		case s.Name() == "set":
			commands++
		case strings.HasPrefix(s.Name(), "redis.pipeline "):
			pipelines++
		default:
			t.Errorf("unexpected span %q under the caller's", s.Name())
		}
		for _, kv := range s.Attributes() {
			if strings.Contains(kv.Value.String(), "13800001234") || kv.Key == "db.statement" {
				t.Errorf("%s: attribute %s = %s", s.Name(), kv.Key, kv.Value.String())
			}
		}
	}
	if commands != 1 || pipelines != 1 {
		t.Errorf("%d SET spans and %d pipeline spans under the caller's, want 1 and 1", commands, pipelines)
	}
}
