package httpcall

import (
	"context"
	"net/http"
	"testing"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
)

// Each call is timed in http.client.request.duration under the
// dependency's name and the status answered.
func TestCallsAreTimed(t *testing.T) {
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(`{}`)) })
	c := newClient(t, srv.URL, func(cfg *Config) { cfg.MeterProvider = mp })
	for range 2 {
		if _, err := c.Do(context.Background(), Request{Path: "/x"}); err != nil {
			t.Fatal(err)
		}
	}
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			hist, ok := m.Data.(metricdata.Histogram[float64])
			if m.Name != "http.client.request.duration" || !ok || len(hist.DataPoints) != 1 {
				continue
			}
			dp := hist.DataPoints[0]
			dep, _ := dp.Attributes.Value(DependencyKey)
			code, _ := dp.Attributes.Value("http.response.status_code")
			if dp.Count != 2 || dep.AsString() != "dep" || code.AsInt64() != 200 {
				t.Errorf("point count %d attrs %v, want 2 calls of dep answered 200", dp.Count, dp.Attributes.ToSlice())
			}
			return
		}
	}
	t.Fatalf("no http.client.request.duration point among %+v", rm.ScopeMetrics)
}
