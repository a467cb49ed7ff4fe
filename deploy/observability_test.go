package deploy

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ordercenter/ordercenter/deploy/observability"
)

// requiredAlerts are the alerts issue 16 asks for: error rate, p99 against
// the targets, consumer lag, dead letters, refunds failed, breaker open.
var requiredAlerts = []string{
	"OrdercenterErrorRate", "OrdercenterTradeP99OverTarget", "OrdercenterQueryP99OverTarget",
	"OrdercenterConsumerLag", "OrdercenterDeadLetters", "OrdercenterRefundsFailed", "OrdercenterBreakerOpen",
}

func TestAlertRulesAreComplete(t *testing.T) {
	rules, err := observability.Rules(".")
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]observability.Rule{}
	for _, r := range rules {
		byName[r.Alert] = r
		if r.Labels["severity"] == "" || r.Annotations["summary"] == "" || !strings.HasPrefix(r.Annotations["runbook"], "docs/metrics.md#") {
			t.Errorf("alert %s lacks a severity, a summary or a runbook in docs/metrics.md", r.Alert)
		}
	}
	doc := readDoc(t)
	for _, name := range requiredAlerts {
		r, ok := byName[name]
		if !ok {
			t.Errorf("no alert %s", name)
			continue
		}
		anchor := strings.TrimPrefix(r.Annotations["runbook"], "docs/metrics.md#")
		if !strings.Contains(doc, `id="`+anchor+`"`) {
			t.Errorf("alert %s: docs/metrics.md has no anchor %q", name, anchor)
		}
	}
}

// Every query of the dashboard and the alerts parses, and every metric it
// uses is in the tables of docs/metrics.md (the runner's tests check that
// a real scrape shows each).
func TestDashboardAndAlertsUseDocumentedMetrics(t *testing.T) {
	queries, err := observability.Queries(".")
	if err != nil {
		t.Fatal(err)
	}
	documented := documentedMetrics(readDoc(t))
	for _, q := range queries {
		names, err := observability.MetricNames(q.Expr)
		if err != nil || len(names) == 0 {
			t.Errorf("%s: %v (names %v) in %s", q.Where, err, names, q.Expr)
			continue
		}
		for _, name := range names {
			if !documented[observability.Family(name)] {
				t.Errorf("%s uses %s, which docs/metrics.md does not list", q.Where, name)
			}
		}
	}
	if len(queries) < len(requiredAlerts) {
		t.Fatalf("%d queries", len(queries))
	}
}

func readDoc(t *testing.T) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "docs", "metrics.md"))
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// tableName is the Prometheus name that begins a row of a table.
var tableName = regexp.MustCompile("(?m)^\\| `([a-z_]+)` \\|")

func documentedMetrics(doc string) map[string]bool {
	out := map[string]bool{}
	for _, m := range tableName.FindAllStringSubmatch(doc, -1) {
		out[m[1]] = true
	}
	return out
}
