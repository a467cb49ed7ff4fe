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
		wantFailed bool
		wantStatus bool
	}{
		{"created", 201, nil, codes.Unset, false, true},
		{"bad request", 400, nil, codes.Unset, false, true},
		{"unavailable", 503, nil, codes.Error, true, true},
		{"error with 200", 200, errors.New("write body"), codes.Error, true, true},
		{"no answer", 0, errors.New("user 13800001234 timed out"), codes.Error, true, false},
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
			got := r.collect(t)
			checkFaaS(t, got, tt.wantFailed)
			checkHTTPServer(t, got, tt.status, tt.wantFailed)
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

// checkFaaS checks the call counted once, as an invocation or as an
// error, and timed, under the function's name and trigger.
func checkFaaS(t *testing.T, got map[string]metricdata.Aggregation, failed bool) {
	t.Helper()
	want := attribute.NewSet(attribute.String("faas.name", "place-order"), attribute.String("faas.trigger", "http"))
	counted, absent := "faas.invocations", "faas.errors"
	if failed {
		counted, absent = absent, counted
	}
	sum, ok := got[counted].(metricdata.Sum[int64])
	if !ok || len(sum.DataPoints) != 1 {
		t.Fatalf("%s = %#v, want one data point", counted, got[counted])
	}
	if dp := sum.DataPoints[0]; dp.Value != 1 || !dp.Attributes.Equals(&want) {
		t.Errorf("%s point %d %v, want 1 %v", counted, dp.Value, dp.Attributes.ToSlice(), want.ToSlice())
	}
	if _, ok := got[absent]; ok {
		t.Errorf("%s recorded too", absent)
	}
	dp := onePoint(t, got, "faas.invoke_duration")
	if !dp.Attributes.Equals(&want) {
		t.Errorf("faas.invoke_duration attrs %v", dp.Attributes.ToSlice())
	}
}

// checkHTTPServer checks http.server.request.duration's one point: its
// attributes, count and buckets.
func checkHTTPServer(t *testing.T, got map[string]metricdata.Aggregation, status int, failed bool) {
	t.Helper()
	dp := onePoint(t, got, "http.server.request.duration")
	if v, _ := dp.Attributes.Value("http.route"); v.AsString() != "/function/place-order" {
		t.Errorf("http.route = %q", v.AsString())
	}
	if v, _ := dp.Attributes.Value("http.request.method"); v.AsString() != "POST" {
		t.Errorf("http.request.method = %q", v.AsString())
	}
	if v, ok := dp.Attributes.Value("http.response.status_code"); ok != (status > 0) || v.AsInt64() != int64(status) {
		t.Errorf("http.response.status_code = %v (present %v), want %d", v.AsInt64(), ok, status)
	}
	if _, ok := dp.Attributes.Value("error.type"); ok != failed {
		t.Errorf("error.type present %v, want %v", ok, failed)
	}
	if len(dp.Bounds) != len(durationBuckets) || dp.Bounds[0] != 0.001 || dp.Bounds[len(dp.Bounds)-1] != 10 {
		t.Errorf("bounds %v, want 1 ms to 10 s", dp.Bounds)
	}
}

// onePoint is the one data point of the histogram name, counting one
// call of a plausible duration.
func onePoint(t *testing.T, got map[string]metricdata.Aggregation, name string) metricdata.HistogramDataPoint[float64] {
	t.Helper()
	hist, ok := got[name].(metricdata.Histogram[float64])
	if !ok || len(hist.DataPoints) != 1 {
		t.Fatalf("%s = %#v, want one data point", name, got[name])
	}
	dp := hist.DataPoints[0]
	if dp.Count != 1 || dp.Sum < 0 || dp.Sum > 10 {
		t.Errorf("%s point count %d sum %v", name, dp.Count, dp.Sum)
	}
	return dp
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

func BenchmarkStartCall(b *testing.B) {
	r := newRecorded(b)
	ctx := context.Background()
	for b.Loop() {
		_, end := r.fm.StartCall(ctx, "order-query", "GET")
		end(200, nil)
	}
}
