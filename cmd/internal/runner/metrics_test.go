package runner

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/ordercenter/ordercenter/deploy/observability"
)

// metricsPayTimeout is the pay timeout of the metrics walkthrough: long
// enough to pay an order right after placing it, short enough to wait for.
const metricsPayTimeout = 3 * time.Second

// startForMetrics starts a runner with the pay timeout above and no rate
// limits; its NATS, Redis and store are its own.
func startForMetrics(t *testing.T) *session {
	t.Helper()
	env := map[string]string{"PAY_TIMEOUT": metricsPayTimeout.String(), "RATE_LIMIT_PER_USER": "0", "RATE_LIMIT_PER_ADDRESS": "0"}
	dir := t.TempDir()
	r, err := Start(context.Background(), Config{Addr: "127.0.0.1:0", DataDir: dir, SweepInterval: time.Hour,
		StackFile: filepath.Join("..", "..", "..", "stack.yml"), Logger: slog.New(slog.DiscardHandler),
		Getenv: func(name string) string { return env[name] }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.Close(context.Background()) })
	return &session{t: t, r: r, dir: dir}
}

// metricsWalkthrough drives five orders of five users through the runner
// and returns when their refunds are settled:
//
//   - A is placed (and its request replayed), paid, accepted, made ready,
//     picked up, delivered and confirmed: completed;
//   - B is paid and cancelled by its user: refunded;
//   - C is cancelled by its user unpaid;
//   - D is paid with the wrong amount (a payment anomaly, returned) and
//     cancelled by the pay timeout when the sweeper runs;
//   - E is paid and rejected by the merchant: refunded.
func (s *session) metricsWalkthrough() {
	merchant, rider := s.merchant("s-lanzhou"), s.rider("r-metrics")
	userA := s.user("u-metrics-a")
	a := s.placeReplayed(userA)
	s.pay(a, a.Amounts.Total)
	b := s.place(s.user("u-metrics-b"))
	s.pay(b, b.Amounts.Total)
	c := s.place(s.user("u-metrics-c"))
	d := s.place(s.user("u-metrics-d"))
	s.pay(d, d.Amounts.Total-100)
	placedD := time.Now()
	e := s.place(s.user("u-metrics-e"))
	s.pay(e, e.Amounts.Total)

	for _, step := range []struct{ token, action string }{
		{merchant, "accept"}, {merchant, "ready"}, {rider, "pickup"}, {rider, "deliver"}, {userA, "confirm"},
	} {
		s.act(step.token, a.OrderID, step.action, 200)
	}
	s.act(s.user("u-metrics-b"), b.OrderID, "cancel", 200)
	s.act(s.user("u-metrics-c"), c.OrderID, "cancel", 200)
	s.act(merchant, e.OrderID, "reject", 200)

	time.Sleep(time.Until(placedD.Add(metricsPayTimeout + time.Second))) // the index keeps whole seconds
	s.send(apiCall{method: "POST", path: "/function/sweeper", header: map[string]string{"Oc-Origin": s.signed("")}, want: 200})
	s.waitForFigure("ordercenter_refunds_total", map[string]string{"outcome": "succeeded"}, 3)
}

// placeReplayed places an order and sends the same request again under
// the same Idempotency-Key: the replay answers the same order.
func (s *session) placeReplayed(token string) placed {
	s.t.Helper()
	call := apiCall{method: "POST", path: "/function/place-order", token: token, want: 201,
		header: map[string]string{"Idempotency-Key": s.key()}, body: orderBody("s-lanzhou", "beef-noodle-soup", 2, "")}
	var first, again placed
	s.send(call).decode(s.t, &first)
	s.send(call).decode(s.t, &again)
	if again.OrderID != first.OrderID {
		s.t.Fatalf("the replay placed %s, not %s", again.OrderID, first.OrderID)
	}
	return first
}

// waitForFigure waits until the scrape shows at least want for the
// metric under the labels (the refunds go through NATS).
func (s *session) waitForFigure(name string, labels map[string]string, want float64) {
	s.t.Helper()
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if figure(scrape(s.t, s.r), name, labels) >= want {
			return
		}
	}
	s.t.Fatalf("%s%v stayed below %v", name, labels, want)
}

// The must-show: after a walkthrough of known numbers, /metrics
// shows each business figure with its exact count.
func TestMetricsCountTheWalkthrough(t *testing.T) {
	s := startForMetrics(t)
	s.metricsWalkthrough()
	fams := scrape(t, s.r)
	for _, w := range []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"ordercenter_orders_created_total", nil, 5},
		{"ordercenter_orders_paid_total", nil, 3},
		{"ordercenter_orders_completed_total", nil, 1},
		{"ordercenter_orders_cancelled_total", map[string]string{"reason": "cancel"}, 2},
		{"ordercenter_orders_cancelled_total", map[string]string{"reason": "reject"}, 1},
		{"ordercenter_orders_cancelled_total", map[string]string{"reason": "pay_timeout"}, 1},
		{"ordercenter_orders_cancelled_total", map[string]string{"reason": "accept_timeout"}, 0},
		{"ordercenter_payment_anomalies_total", map[string]string{"kind": "amount_mismatch"}, 1},
		{"ordercenter_payment_anomalies_total", nil, 1},
		{"ordercenter_refunds_total", map[string]string{"outcome": "succeeded", "attempt": "1"}, 3},
		{"ordercenter_refunds_total", map[string]string{"outcome": "failed"}, 0},
		{"ordercenter_timers_fired_total", map[string]string{"kind": "pay_timeout"}, 1},
		{"ordercenter_timers_fired_total", nil, 1},
		{"ordercenter_events_published_total", map[string]string{"subject": "orders.events.order.created"}, 5},
		{"ordercenter_events_published_total", map[string]string{"subject": "orders.events.order.paid"}, 3},
		{"ordercenter_events_published_total", map[string]string{"subject": "orders.events.order.cancelled"}, 4},
		{"ordercenter_events_healed_total", nil, 0},
		{"ordercenter_dead_letters", map[string]string{"consumer": "push-notify"}, 0},
		{"ordercenter_redis_backstop_rebuilds_total", map[string]string{"what": "hold"}, 0},
		{"ordercenter_redis_backstop_rebuilds_total", map[string]string{"what": "slots"}, 0},
		{"ordercenter_redis_backstop_rebuilds_total", map[string]string{"what": "standing"}, 0},
		{"faas_invocations_total", map[string]string{"faas_name": "place-order"}, 6},
		{"faas_errors_total", map[string]string{"faas_name": "place-order"}, 0},
		{"faas_errors_total", nil, 0},
	} {
		if got := figure(fams, w.name, w.labels); got != w.want {
			t.Errorf("%s%v = %v, want %v", w.name, w.labels, got, w.want)
		}
	}
	checkDeployQueries(t, fams)
	for _, name := range []string{"ordercenter_consumer_lag", "ordercenter_breaker_state",
		"http_server_request_duration_seconds", "http_client_request_duration_seconds", "faas_invoke_duration_seconds"} {
		if fams[name] == nil {
			t.Errorf("no %s in the scrape", name)
		}
	}
}

// checkDeployQueries checks that the scrape shows every metric the
// dashboard and the alert rules of deploy/ use.
func checkDeployQueries(t *testing.T, fams map[string]*dto.MetricFamily) {
	t.Helper()
	queries, err := observability.Queries(filepath.Join("..", "..", "..", "deploy"))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range queries {
		names, err := observability.MetricNames(q.Expr)
		if err != nil {
			t.Errorf("%s: %v", q.Where, err)
		}
		for _, name := range names {
			if fams[observability.Family(name)] == nil {
				t.Errorf("%s uses %s, which /metrics does not show", q.Where, name)
			}
		}
	}
}

// scrape reads the runner's /metrics, by metric family.
func scrape(t *testing.T, r *Runner) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := http.Get(r.URL() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(resp.Body)
		t.Fatalf("/metrics: %d %s", resp.StatusCode, body)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("/metrics: %v", err)
	}
	return fams
}

// figure sums the counter or gauge name over its series that carry the
// labels (every series when labels is nil); a family that is not there
// is 0.
func figure(fams map[string]*dto.MetricFamily, name string, labels map[string]string) float64 {
	var sum float64
	for _, m := range fams[name].GetMetric() {
		if !hasLabels(m, labels) {
			continue
		}
		sum += m.GetCounter().GetValue() + m.GetGauge().GetValue()
	}
	return sum
}

func hasLabels(m *dto.Metric, labels map[string]string) bool {
	found := 0
	for _, l := range m.GetLabel() {
		if v, ok := labels[l.GetName()]; ok {
			if v != l.GetValue() {
				return false
			}
			found++
		}
	}
	return found == len(labels)
}
