package gateway

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	handler "github.com/openfaas/templates-sdk/go-http"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/ordercenter/ordercenter/shared/telemetry"
)

// A call that carries a traceparent continues that trace in the function.
func TestCallsContinueTheCallersTrace(t *testing.T) {
	metrics, err := telemetry.NewFunctionMetrics(sdktrace.NewTracerProvider(), sdkmetric.NewMeterProvider())
	if err != nil {
		t.Fatal(err)
	}
	g := New(Config{Observer: metrics})
	var got trace.SpanContext
	g.Register("f", funcHandler(func(req handler.Request) (handler.Response, error) {
		got = trace.SpanContextFromContext(req.Context())
		return handler.Response{}, nil
	}))
	_, caller := sdktrace.NewTracerProvider().Tracer("app").Start(context.Background(), "tap")
	req := httptest.NewRequest(http.MethodPost, "/function/f", nil)
	telemetry.InjectHeaders(trace.ContextWithSpan(context.Background(), caller), req.Header)
	g.ServeHTTP(httptest.NewRecorder(), req)
	if got.TraceID() != caller.SpanContext().TraceID() || got.SpanID() == caller.SpanContext().SpanID() {
		t.Errorf("function span %s/%s, caller %s/%s", got.TraceID(), got.SpanID(),
			caller.SpanContext().TraceID(), caller.SpanContext().SpanID())
	}
}
