package telemetry

import (
	"context"
	"errors"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
)

func TestMessagingSpansAreLinkedThroughTheHeaders(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	m := NewMessaging(tp)
	ctx, caller := tp.Tracer("t").Start(context.Background(), "place-order")

	msg := Message{Subject: "orders.events.order.created", ID: "e-1", BodySize: 42, Header: msgHeader{}}
	_, send := m.StartSend(ctx, msg)
	EndSpan(send, nil)
	if msg.Header["traceparent"] == nil {
		t.Fatalf("no traceparent in %v", msg.Header)
	}
	_, process := m.StartProcess(context.Background(), msg, "holds")
	EndSpan(process, errors.New("call 13800001234 failed"))
	caller.End()

	spans := map[string]sdktrace.ReadOnlySpan{}
	for _, s := range rec.Ended() {
		spans[s.Name()] = s
	}
	sent, processed := spans["send orders.events.order.created"], spans["process orders.events.order.created"]
	if sent == nil || processed == nil {
		t.Fatalf("spans %v", spans)
	}
	if sent.SpanKind() != trace.SpanKindProducer || sent.Parent().SpanID() != caller.SpanContext().SpanID() {
		t.Errorf("send: kind %s, parent %s", sent.SpanKind(), sent.Parent().SpanID())
	}
	if processed.SpanKind() != trace.SpanKindConsumer || processed.Parent().SpanID() != sent.SpanContext().SpanID() ||
		!processed.Parent().IsRemote() {
		t.Errorf("process: kind %s, parent %v", processed.SpanKind(), processed.Parent())
	}
	wantAttrs(t, sent, map[attribute.Key]string{"messaging.system": "nats", "messaging.operation.type": "send",
		"messaging.destination.name": msg.Subject, "messaging.message.id": "e-1"})
	wantAttrs(t, processed, map[attribute.Key]string{"messaging.operation.type": "process",
		"messaging.consumer.group.name": "holds"})
	if processed.Status().Code != codes.Error || processed.Status().Description != "call 138****1234 failed" {
		t.Errorf("process status %+v", processed.Status())
	}
}

func wantAttrs(t *testing.T, s sdktrace.ReadOnlySpan, want map[attribute.Key]string) {
	t.Helper()
	got := map[attribute.Key]string{}
	for _, kv := range s.Attributes() {
		got[kv.Key] = kv.Value.String()
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %s = %q, want %q", s.Name(), k, got[k], v)
		}
	}
}

func TestContinueKeepsTheInvokersSpan(t *testing.T) {
	tp := sdktrace.NewTracerProvider()
	remote, caller := tp.Tracer("t").Start(context.Background(), "connector")
	defer caller.End()
	h := msgHeader{}
	InjectEventHeaders(remote, h)
	if got := trace.SpanContextFromContext(Continue(context.Background(), h)); got.SpanID() != caller.SpanContext().SpanID() {
		t.Errorf("without a span: continued %s, want the caller's %s", got.SpanID(), caller.SpanContext().SpanID())
	}
	local, server := tp.Tracer("t").Start(context.Background(), "server")
	defer server.End()
	if got := trace.SpanContextFromContext(Continue(local, h)); got.SpanID() != server.SpanContext().SpanID() {
		t.Errorf("with a span: continued %s, want the server's %s", got.SpanID(), server.SpanContext().SpanID())
	}
}
