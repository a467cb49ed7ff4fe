package dynamokv

import (
	"context"
	"crypto/rand"
	"os"
	"strings"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// Each DynamoDB call is a client span under the caller's, named after the
// operation, naming the table and nothing of the item.
func TestCallsAreClientSpans(t *testing.T) {
	endpoint := os.Getenv("DYNAMODB_ENDPOINT")
	if endpoint == "" {
		t.Skip("DYNAMODB_ENDPOINT is not set: no DynamoDB-compatible server to test against")
	}
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	table := "kvtrace-" + strings.ToLower(rand.Text()[:16])
	s, err := New(Config{Endpoint: endpoint, Table: table, TracerProvider: tp})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := s.CreateTable(ctx); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.DeleteTable(context.Background()) }()

	ctx, caller := tp.Tracer("test").Start(ctx, "place-order")
	if err := s.Put(ctx, kv.Item{PK: "u-1", SK: "13800001234", Version: 1}, kv.IfAbsent()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, "u-1", "13800001234"); err != nil {
		t.Fatal(err)
	}
	caller.End()
	names := map[string]bool{}
	for _, span := range rec.Ended() {
		if span.Parent().SpanID() != caller.SpanContext().SpanID() {
			continue
		}
		names[span.Name()] = true
		if span.SpanKind() != trace.SpanKindClient {
			t.Errorf("%s: kind %s", span.Name(), span.SpanKind())
		}
		tableNamed := false
		for _, a := range span.Attributes() {
			tableNamed = tableNamed || (a.Key == "aws.dynamodb.table_names" && strings.Contains(a.Value.String(), table))
			if strings.Contains(a.Value.String(), "13800001234") {
				t.Errorf("%s: attribute %s shows the item's key", span.Name(), a.Key)
			}
		}
		if !tableNamed {
			t.Errorf("%s: no aws.dynamodb.table_names naming %s", span.Name(), table)
		}
	}
	if !names["DynamoDB.PutItem"] || !names["DynamoDB.GetItem"] {
		t.Errorf("spans under the caller's: %v, want DynamoDB.PutItem and DynamoDB.GetItem", names)
	}
}
