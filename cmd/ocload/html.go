package main

import (
	"bytes"
	"fmt"
	"html/template"
	"math"
	"os"
)

// page is the HTML report: the summary table and four charts.
var page = template.Must(template.New("report").Funcs(template.FuncMap{"ms": formatMs}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ocload: {{.R.Profile}}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; max-width: 900px }
table { border-collapse: collapse; font-variant-numeric: tabular-nums }
th, td { padding: 2px 10px; text-align: right; border-bottom: 1px solid #ddd }
th:first-child, td:first-child { text-align: left }
code, pre { background: #f4f4f4; padding: 2px 4px }
pre { padding: 8px; white-space: pre-wrap }
</style></head><body>
<h1>ocload: {{.R.Profile}}</h1>
<pre>{{.R.Command}}</pre>
<p>Started {{.R.Started.Format "2006-01-02 15:04:05 MST"}}, {{printf "%.1f" .R.Seconds}} s, {{.R.Arrivals}}, against {{.R.Target}}.<br>
Mix <code>{{.R.Mix}}</code>.<br>
{{.R.Counts.Due}} arrivals due, {{.R.Counts.Answered}} answered, {{.R.Counts.Failed}} failed, {{.R.Counts.Late}} late, {{.R.Counts.Dropped}} dropped.
CPU of this process {{printf "%.1f" .R.CPU.Seconds}} s ({{printf "%.0f" .R.CPU.PerCallMicros}} µs a call, {{.R.CPU.Cores}} cores).</p>
<p>Latency runs from each arrival's intended send time to its answer (milliseconds).</p>
<table><tr><th>operation</th><th>calls</th><th>rate/s</th><th>failed</th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th><th>max</th></tr>
{{range .Rows}}<tr><td>{{.Name}}</td><td>{{.Calls}}</td><td>{{printf "%.1f" .Rate}}</td><td>{{.Failed}}{{if .Failures}} ({{range $k, $v := .Failures}}{{$k}}×{{$v}} {{end}}){{end}}</td>
<td>{{ms .Latency.P50}}</td><td>{{ms .Latency.P90}}</td><td>{{ms .Latency.P99}}</td><td>{{ms .Latency.P999}}</td><td>{{ms .Latency.Max}}</td></tr>
{{end}}</table>
{{range .Charts}}<h2>{{.Title}}</h2>
{{.SVG}}
{{end}}</body></html>
`))

// figure is one chart of the page.
type figure struct {
	Title string
	SVG   template.HTML
}

func (r *report) writeHTMLFile(path string) error {
	var b bytes.Buffer
	data := struct {
		R      *report
		Rows   []opReport
		Charts []figure
	}{r, append(append([]opReport(nil), r.Operations...), r.All), r.charts()}
	if err := page.Execute(&b, data); err != nil {
		return fmt.Errorf("html report: %w", err)
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}

// charts are throughput and latency over time, latency percentiles per
// operation, and failures over time.
func (r *report) charts() []figure {
	perSecond := func(name, color string, y func(secondReport) float64) series {
		s := series{name: name, color: color}
		for _, sec := range r.Timeline {
			s.points = append(s.points, point{float64(sec.Second), y(sec)})
		}
		return s
	}
	answered := func(y func(secondReport) float64) func(secondReport) float64 {
		return func(s secondReport) float64 {
			if s.Answered == 0 {
				return 0
			}
			return y(s)
		}
	}
	throughput := chart{xLabel: "second of the run", yLabel: "calls a second", series: []series{
		perSecond("answered", palette[0], func(s secondReport) float64 { return float64(s.Answered) }),
		perSecond("due", palette[2], func(s secondReport) float64 { return float64(s.Due) })}}
	if r.Timeline != nil && r.Timeline[0].TargetRate > 0 {
		throughput.series = append(throughput.series, perSecond("profile rate", palette[7], func(s secondReport) float64 { return s.TargetRate }))
	}
	latency := chart{xLabel: "second of the run (answers)", yLabel: "latency", logY: true, yFormat: formatMs, series: []series{
		perSecond("p50", palette[0], answered(func(s secondReport) float64 { return s.P50 })),
		perSecond("p99", palette[1], answered(func(s secondReport) float64 { return s.P99 })),
		perSecond("max", palette[7], answered(func(s secondReport) float64 { return s.Max }))}}
	failures := chart{xLabel: "second of the run (answers)", yLabel: "failed calls a second", series: []series{
		perSecond("failed", palette[1], func(s secondReport) float64 { return float64(s.Failed) })}}
	return []figure{
		{"Throughput over time", throughput.svg()},
		{"p50 and p99 latency over time", latency.svg()},
		{"Latency percentiles per operation", r.percentileChart().svg()},
		{"Failures over time", failures.svg()},
	}
}

// percentileChart plots each operation's latency against its
// percentile on a scale of nines (50, 90, 99, 99.9, ...).
func (r *report) percentileChart() chart {
	nines := func(p float64) float64 { return -math.Log10(1 - p/100) }
	c := chart{xLabel: "percentile", yLabel: "latency", logY: true, yFormat: formatMs}
	for _, p := range []float64{50, 90, 99, 99.9, 99.99, 99.999} {
		c.xTicks = append(c.xTicks, tick{nines(p), fmt.Sprint(p)})
	}
	for i, op := range append(append([]opReport(nil), r.Operations...), r.All) {
		s := series{name: op.Name, color: palette[i%len(palette)]}
		for _, q := range op.Percentiles {
			s.points = append(s.points, point{nines(q.Percentile), q.Ms})
		}
		c.series = append(c.series, s)
	}
	if n := len(c.series); n > 0 {
		c.series[n-1].color = palette[len(palette)-1]
	}
	return c
}
