package app

import (
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"

	"github.com/ordercenter/ordercenter/shared/metrics"
)

// WithMeterProvider makes Deps record the order center's figures (package
// metrics) with mp: the runner gives its telemetry's. Without it Deps
// takes the process's global provider when it first needs one, which a
// deployed function's telemetry.Setup has installed by then.
func WithMeterProvider(mp metric.MeterProvider) Option {
	return func(d *Deps) { d.meterProvider = mp }
}

// Metrics is the recorder of the order center's figures over the meter
// provider given WithMeterProvider, else the global one. The repository
// (Orders) counts the facts of the changes it commits and the events it
// publishes with it, the reservations what they rebuild in Redis, the
// sweeper what its healing finished.
func (d *Deps) Metrics() (*metrics.Recorder, error) {
	return d.metrics.get(func() (*metrics.Recorder, error) {
		mp := d.meterProvider
		if mp == nil {
			mp = otel.GetMeterProvider()
		}
		return metrics.New(mp)
	})
}

// Metrics is Deps.Metrics.
func (p *Parts) Metrics() *metrics.Recorder { return take(p, p.d.Metrics) }
