package boltkv

import (
	"context"
	"errors"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/codes"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// instrumentation is the scope of the store's tracer.
const instrumentation = "github.com/ordercenter/ordercenter/shared/kv/boltkv"

// operation is one kind of call of the store: its span's name and
// options, made once.
type operation struct {
	name string
	opts []trace.SpanStartOption
}

func newOperation(name string) operation {
	return operation{name: "boltkv." + name, opts: []trace.SpanStartOption{
		trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(semconv.DBSystemNameKey.String("bbolt"), semconv.DBOperationName(name)),
	}}
}

// The operations traced, named as the kv.Store methods are.
var (
	opGet        = newOperation("Get")
	opPut        = newOperation("Put")
	opDelete     = newOperation("Delete")
	opWriteBatch = newOperation("WriteBatch")
	opQuery      = newOperation("Query")
	opTransact   = newOperation("Transact")
)

// tracerOf is the tracer of tp, of the global provider when tp is nil.
func tracerOf(tp trace.TracerProvider) trace.Tracer {
	if tp == nil {
		tp = otel.GetTracerProvider()
	}
	return tp.Tracer(instrumentation)
}

// start starts the client span of one call, as DynamoDB's calls have
// theirs ("boltkv.Put" beside "DynamoDB.PutItem"): the embedded store is
// the runner's table, and its time is part of every trade's.
func (s *Store) start(ctx context.Context, op operation) trace.Span {
	_, span := s.tracer.Start(ctx, op.name, op.opts...)
	return span
}

// end ends the span; an item not found or a condition that failed is the
// store's answer, any other error a failure.
func end(span trace.Span, err error) {
	if err != nil && !errors.Is(err, kv.ErrNotFound) && !errors.Is(err, kv.ErrConditionFailed) {
		span.SetAttributes(semconv.ErrorType(err))
		span.SetStatus(codes.Error, err.Error())
	}
	span.End()
}
