package eventstest

import (
	"context"
	"testing"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/ordercenter/ordercenter/shared/events"
)

// Contradicted makes an in-memory meter provider the global one for the
// test (call it before building the consumer: events.NewClaims takes its
// counter then) and returns how to read events.ContradictedMetric for a
// consumer, summed over event types.
func Contradicted(t testing.TB) func(consumer string) int64 {
	t.Helper()
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	previous := otel.GetMeterProvider()
	otel.SetMeterProvider(mp)
	t.Cleanup(func() {
		otel.SetMeterProvider(previous)
		_ = mp.Shutdown(context.Background())
	})
	return func(consumer string) int64 {
		var rm metricdata.ResourceMetrics
		if err := reader.Collect(context.Background(), &rm); err != nil {
			t.Fatalf("collect metrics: %v", err)
		}
		var total int64
		for _, sm := range rm.ScopeMetrics {
			for _, m := range sm.Metrics {
				sum, ok := m.Data.(metricdata.Sum[int64])
				if m.Name != events.ContradictedMetric || !ok {
					continue
				}
				for _, dp := range sum.DataPoints {
					if v, _ := dp.Attributes.Value(attribute.Key("consumer")); v.AsString() == consumer {
						total += dp.Value
					}
				}
			}
		}
		return total
	}
}
