package telemetry

import (
	"context"
	"errors"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
)

// recorded is FunctionMetrics over in-memory span and metric readers.
type recorded struct {
	fm     *FunctionMetrics
	spans  *tracetest.SpanRecorder
	reader *sdkmetric.ManualReader
}

func newRecorded(t testing.TB) recorded {
	t.Helper()
	spans := tracetest.NewSpanRecorder()
	reader := sdkmetric.NewManualReader()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	fm, err := NewFunctionMetrics(tp, mp)
	if err != nil {
		t.Fatal(err)
	}
	return recorded{fm: fm, spans: spans, reader: reader}
}

func (r recorded) collect(t *testing.T) map[string]metricdata.Aggregation {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := r.reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	out := map[string]metricdata.Aggregation{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			out[m.Name] = m.Data
		}
	}
	return out
}

func TestStartCall(t *testing.T) {
	tests := []struct {
		name       string
		status     int
		err        error
		wantCode   codes.Code
		wantClass  string
		wantStatus bool
	}{
		{"created", 201, nil, codes.Unset, "2xx", true},
		{"bad request", 400, nil, codes.Unset, "4xx", true},
		{"unavailable", 503, nil, codes.Error, "5xx", true},
		{"error with 200", 200, errors.New("write body"), codes.Error, "2xx", true},
		{"no answer", 0, errors.New("user 13800001234 timed out"), codes.Error, "none", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRecorded(t)
			ctx, end := r.fm.StartCall(context.Background(), "place-order", "POST")
			if !trace.SpanContextFromContext(ctx).IsValid() {
				t.Fatal("no span in the returned context")
			}
			end(tt.status, tt.err)

			checkSpan(t, r.spans.Ended(), tt.wantCode, tt.status, tt.wantStatus)
			checkMetrics(t, r.collect(t), tt.wantClass)
		})
	}
}

func checkSpan(t *testing.T, ended []sdktrace.ReadOnlySpan, code codes.Code, status int, hasStatus bool) {
	t.Helper()
	if len(ended) != 1 {
		t.Fatalf("%d spans ended, want 1", len(ended))
	}
	s := ended[0]
	if s.Name() != "place-order" || s.SpanKind() != trace.SpanKindServer {
		t.Errorf("span %q kind %v, want place-order server", s.Name(), s.SpanKind())
	}
	if s.Status().Code != code {
		t.Errorf("span status %v, want %v", s.Status(), code)
	}
	if s.Status().Description == "user 13800001234 timed out" {
		t.Errorf("phone in span status: %q", s.Status().Description)
	}
	attrs := attribute.NewSet(s.Attributes()...)
	if v, _ := attrs.Value("faas.name"); v.AsString() != "place-order" {
		t.Errorf("faas.name = %v", v.AsString())
	}
	if v, _ := attrs.Value("http.request.method"); v.AsString() != "POST" {
		t.Errorf("http.request.method = %v", v.AsString())
	}
	v, ok := attrs.Value("http.response.status_code")
	if ok != hasStatus || (ok && v.AsInt64() != int64(status)) {
		t.Errorf("http.response.status_code = %v (present %v), want %d", v.AsInt64(), ok, status)
	}
}

func checkMetrics(t *testing.T, got map[string]metricdata.Aggregation, class string) {
	t.Helper()
	want := attribute.NewSet(FunctionKey.String("place-order"), StatusClassKey.String(class))
	sum, ok := got[CallsMetric].(metricdata.Sum[int64])
	if !ok || len(sum.DataPoints) != 1 {
		t.Fatalf("%s = %#v, want one data point", CallsMetric, got[CallsMetric])
	}
	if dp := sum.DataPoints[0]; dp.Value != 1 || !dp.Attributes.Equals(&want) {
		t.Errorf("calls point %d %v, want 1 %v", dp.Value, dp.Attributes.ToSlice(), want.ToSlice())
	}
	hist, ok := got[DurationMetric].(metricdata.Histogram[float64])
	if !ok || len(hist.DataPoints) != 1 {
		t.Fatalf("%s = %#v, want one data point", DurationMetric, got[DurationMetric])
	}
	dp := hist.DataPoints[0]
	if dp.Count != 1 || !dp.Attributes.Equals(&want) || dp.Sum < 0 || dp.Sum > 10 {
		t.Errorf("duration point count %d sum %v attrs %v", dp.Count, dp.Sum, dp.Attributes.ToSlice())
	}
	if len(dp.Bounds) != len(durationBuckets) || dp.Bounds[0] != 0.001 || dp.Bounds[len(dp.Bounds)-1] != 10 {
		t.Errorf("bounds %v, want 1 ms to 10 s", dp.Bounds)
	}
}

func TestStartCallChildOfRemote(t *testing.T) {
	r := newRecorded(t)
	parent, span := sdktrace.NewTracerProvider().Tracer("caller").Start(context.Background(), "client")
	span.End()
	_, end := r.fm.StartCall(parent, "refund", "POST")
	end(202, nil)
	got := r.spans.Ended()[0]
	if got.Parent().SpanID() != span.SpanContext().SpanID() || got.SpanContext().TraceID() != span.SpanContext().TraceID() {
		t.Fatalf("span parent %v, want %v", got.Parent(), span.SpanContext())
	}
}

func TestStatusClass(t *testing.T) {
	for status, want := range map[int]string{0: "none", 99: "none", 100: "1xx", 200: "2xx", 302: "3xx", 404: "4xx", 599: "5xx", 600: "none"} {
		if got := StatusClass(status); got != want {
			t.Errorf("StatusClass(%d) = %q, want %q", status, got, want)
		}
	}
}

func BenchmarkStartCall(b *testing.B) {
	r := newRecorded(b)
	ctx := context.Background()
	for b.Loop() {
		_, end := r.fm.StartCall(ctx, "order-query", "GET")
		end(200, nil)
	}
}
