package observability

import (
	"slices"
	"testing"
)

func TestMetricNames(t *testing.T) {
	for _, tt := range []struct {
		expr string
		want []string
	}{
		{`histogram_quantile(0.99, sum by (le) (rate(http_server_request_duration_seconds_bucket{http_route="/function/x"}[$__rate_interval])))`,
			[]string{"http_server_request_duration_seconds_bucket"}},
		{`sum by (faas_name) (rate(faas_errors_total[5m])) / (sum(rate(faas_invocations_total[5m])) + sum(rate(faas_errors_total[5m])))`,
			[]string{"faas_errors_total", "faas_invocations_total"}},
		{`max by (consumer) (ordercenter_consumer_lag{consumer=~"$consumer"}) > 1000`, []string{"ordercenter_consumer_lag"}},
	} {
		got, err := MetricNames(tt.expr)
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("MetricNames(%s) = %v, %v; want %v", tt.expr, got, err, tt.want)
		}
	}
}

func TestMetricNamesRefusesWhatItCannotCheck(t *testing.T) {
	for _, expr := range []string{`sum(rate({__name__=~"ordercenter_.+"}[5m]))`, `sum(rate(faas_errors_total[5m])`} {
		if got, err := MetricNames(expr); err == nil {
			t.Errorf("MetricNames(%s) = %v, want an error", expr, got)
		}
	}
}
