// Package observability reads the queries of the order center's Grafana
// dashboard and Prometheus alert rules (deploy/grafana, deploy/prometheus)
// and names the metrics each uses, so that tests can hold them to the
// metrics a real /metrics scrape shows (the runner's tests) and to the
// table of docs/metrics.md (the deploy package's).
//
// Expressions are parsed by github.com/VictoriaMetrics/metricsql, a
// PromQL parser without Prometheus's dependencies; Grafana's variables
// ($__rate_interval and the like) are replaced by a duration first.
package observability

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/VictoriaMetrics/metricsql"
	"gopkg.in/yaml.v3"
)

// The files, below the deploy directory.
const (
	DashboardFile = "grafana/ordercenter-dashboard.json"
	AlertsFile    = "prometheus/ordercenter-alerts.yml"
)

// Query is one PromQL expression and where it is.
type Query struct {
	// Where names it: "alert OrdercenterErrorRate", "panel Consumer lag".
	Where string
	Expr  string
}

// Rule is one alerting rule of AlertsFile.
type Rule struct {
	Alert       string            `yaml:"alert"`
	Expr        string            `yaml:"expr"`
	For         string            `yaml:"for"`
	Labels      map[string]string `yaml:"labels"`
	Annotations map[string]string `yaml:"annotations"`
}

// Rules reads the alert rules of AlertsFile below deployDir.
func Rules(deployDir string) ([]Rule, error) {
	raw, err := os.ReadFile(filepath.Join(deployDir, AlertsFile))
	if err != nil {
		return nil, err
	}
	var file struct {
		Groups []struct {
			Name  string `yaml:"name"`
			Rules []Rule `yaml:"rules"`
		} `yaml:"groups"`
	}
	if err := yaml.Unmarshal(raw, &file); err != nil {
		return nil, fmt.Errorf("%s: %w", AlertsFile, err)
	}
	var rules []Rule
	for _, g := range file.Groups {
		rules = append(rules, g.Rules...)
	}
	return rules, nil
}

// Panel is one panel of DashboardFile, rows' panels included.
type Panel struct {
	Title   string `json:"title"`
	Type    string `json:"type"`
	Targets []struct {
		Expr string `json:"expr"`
	} `json:"targets"`
	Panels []Panel `json:"panels"`
}

// Panels reads the panels of DashboardFile below deployDir, the panels
// of its rows beside them.
func Panels(deployDir string) ([]Panel, error) {
	raw, err := os.ReadFile(filepath.Join(deployDir, DashboardFile))
	if err != nil {
		return nil, err
	}
	var board struct {
		Panels []Panel `json:"panels"`
	}
	if err := json.Unmarshal(raw, &board); err != nil {
		return nil, fmt.Errorf("%s: %w", DashboardFile, err)
	}
	var out []Panel
	var walk func([]Panel)
	walk = func(ps []Panel) {
		for _, p := range ps {
			out = append(out, p)
			walk(p.Panels)
		}
	}
	walk(board.Panels)
	return out, nil
}

// Queries returns every expression of the alert rules and the dashboard.
func Queries(deployDir string) ([]Query, error) {
	rules, err := Rules(deployDir)
	if err != nil {
		return nil, err
	}
	panels, err := Panels(deployDir)
	if err != nil {
		return nil, err
	}
	var out []Query
	for _, r := range rules {
		out = append(out, Query{Where: "alert " + r.Alert, Expr: r.Expr})
	}
	for _, p := range panels {
		for _, t := range p.Targets {
			out = append(out, Query{Where: "panel " + p.Title, Expr: t.Expr})
		}
	}
	return out, nil
}

// grafanaVariable is a Grafana variable in an expression: $name or
// ${name}.
var grafanaVariable = regexp.MustCompile(`\$\{?\w+\}?`)

// MetricNames parses expr and returns the metric names it selects,
// sorted and once each. A selector without a plain metric name (a
// regular expression on __name__) is an error: no test could check it.
func MetricNames(expr string) ([]string, error) {
	expr = grafanaVariable.ReplaceAllStringFunc(expr, func(v string) string {
		if strings.Contains(v, "interval") || strings.Contains(v, "range") {
			return "5m"
		}
		return "x"
	})
	parsed, err := metricsql.Parse(expr)
	if err != nil {
		return nil, err
	}
	var names []string
	var problems []string
	metricsql.VisitAll(parsed, func(e metricsql.Expr) {
		me, ok := e.(*metricsql.MetricExpr)
		if !ok {
			return
		}
		for _, filters := range me.LabelFilterss {
			if len(filters) == 0 || filters[0].Label != "__name__" || filters[0].IsRegexp || filters[0].IsNegative {
				problems = append(problems, string(me.AppendString(nil)))
				continue
			}
			names = append(names, filters[0].Value)
		}
	})
	if len(problems) > 0 {
		return nil, fmt.Errorf("selectors without a metric name: %s", strings.Join(problems, ", "))
	}
	slices.Sort(names)
	return slices.Compact(names), nil
}

// Family is the metric family a selected series belongs to: a histogram's
// name without its _bucket, _count or _sum suffix; other names as they
// are.
func Family(name string) string {
	for _, suffix := range []string{"_bucket", "_count", "_sum"} {
		if base, ok := strings.CutSuffix(name, suffix); ok && strings.HasSuffix(base, "_seconds") {
			return base
		}
	}
	return name
}
