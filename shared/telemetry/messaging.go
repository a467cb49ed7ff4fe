package telemetry

import (
	"context"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
)

// Operation names of the messaging spans, the first word of their names.
const (
	SendOperation    = "send"
	ProcessOperation = "process"
)

// natsSystem is messaging.system for NATS, which the conventions do not
// list.
var natsSystem = semconv.MessagingSystemKey.String("nats")

// Messaging makes the spans of NATS messages as the OpenTelemetry
// messaging conventions name them: a producer span "send <subject>" per
// message published, whose context travels in the message's headers, and
// a consumer span "process <subject>" per delivery, child of the
// producer's.
type Messaging struct{ tracer trace.Tracer }

// NewMessaging makes the spans with tp (the global provider when nil).
func NewMessaging(tp trace.TracerProvider) Messaging {
	if tp == nil {
		tp = otel.GetTracerProvider()
	}
	return Messaging{tracer: tp.Tracer(instrumentationName)}
}

// Message describes one message for its span.
type Message struct {
	// Subject is the NATS subject (messaging.destination.name).
	Subject string
	// ID is the message's id (Nats-Msg-Id: the event id), if any.
	ID string
	// BodySize is the length of the payload in bytes.
	BodySize int
	// Header is the message's header: StartSend writes the span's trace
	// context into it, StartProcess reads the producer's from it.
	Header map[string][]string
}

// StartSend starts the producer span of publishing m, child of the span
// in ctx, and writes its context into m.Header ("traceparent", as
// [InjectEventHeaders]). End the span when the server has stored the
// message (see [EndSpan]).
func (m Messaging) StartSend(ctx context.Context, msg Message) (context.Context, trace.Span) {
	ctx, span := m.tracer.Start(ctx, SendOperation+" "+msg.Subject,
		trace.WithSpanKind(trace.SpanKindProducer),
		trace.WithAttributes(msg.attributes(SendOperation, semconv.MessagingOperationTypeSend)...))
	InjectEventHeaders(ctx, msg.Header)
	return ctx, span
}

// StartProcess starts the consumer span of handling one delivery of msg
// by consumer (messaging.consumer.group.name: the durable consumer, the
// function delivered to), child of the producer span whose context
// msg.Header carries; without one, of the span in ctx.
func (m Messaging) StartProcess(ctx context.Context, msg Message, consumer string) (context.Context, trace.Span) {
	ctx = ExtractHeaders(ctx, msg.Header)
	attrs := append(msg.attributes(ProcessOperation, semconv.MessagingOperationTypeProcess),
		semconv.MessagingConsumerGroupName(consumer))
	return m.tracer.Start(ctx, ProcessOperation+" "+msg.Subject,
		trace.WithSpanKind(trace.SpanKindConsumer), trace.WithAttributes(attrs...))
}

func (msg Message) attributes(operation string, typ attribute.KeyValue) []attribute.KeyValue {
	attrs := make([]attribute.KeyValue, 0, 7)
	attrs = append(attrs, natsSystem, typ,
		semconv.MessagingOperationName(operation),
		semconv.MessagingDestinationName(msg.Subject),
		semconv.MessagingMessageBodySize(msg.BodySize))
	if msg.ID != "" {
		attrs = append(attrs, semconv.MessagingMessageID(msg.ID))
	}
	return attrs
}

// EndSpan ends span, marking it failed with err's text (phone numbers
// masked) when err is not nil.
func EndSpan(span trace.Span, err error) {
	if err != nil {
		span.SetAttributes(semconv.ErrorType(err))
		span.SetStatus(codes.Error, MaskPhones(err.Error()))
	}
	span.End()
}
