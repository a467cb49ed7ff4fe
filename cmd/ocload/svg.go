package main

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strconv"
	"strings"
)

// chart is a line chart drawn as inline SVG: no script, no library.
type chart struct {
	xLabel, yLabel string
	// logY draws the y axis in powers of ten (values ≤ 0 are left out).
	logY bool
	// xTicks, when set, replace the computed ones (x is then whatever
	// scale the caller chose, labelled by the ticks).
	xTicks []tick
	// yFormat labels the y ticks (plain numbers when nil).
	yFormat func(float64) string
	series  []series
}

type series struct {
	name, color string
	points      []point
}

type point struct{ x, y float64 }

type tick struct {
	at    float64
	label string
}

// The chart's size and margins, in pixels.
const (
	chartWidth, chartHeight             = 860, 300
	marginLeft, marginRight             = 70, 160
	marginTop, marginBottom             = 20, 45
	plotWidth, plotHeight               = chartWidth - marginLeft - marginRight, chartHeight - marginTop - marginBottom
	legendLine, legendGap, legendColumn = 18, 16, chartWidth - marginRight + 12
)

// palette colours the series, in turn.
var palette = []string{"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
	"#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939", "#843c39", "#000000"}

// svg draws the chart.
func (c chart) svg() template.HTML {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="11">`,
		chartWidth, chartHeight, chartWidth, chartHeight)
	fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#999"/>`, marginLeft, marginTop, plotWidth, plotHeight)
	sx, sy, xTicks, yTicks := c.scales()
	for _, t := range xTicks {
		x := sx(t.at)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#eee"/><text x="%.1f" y="%d" text-anchor="middle">%s</text>`,
			x, marginTop, x, marginTop+plotHeight, x, marginTop+plotHeight+15, html.EscapeString(t.label))
	}
	for _, t := range yTicks {
		y := sy(t.at)
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#eee"/><text x="%d" y="%.1f" text-anchor="end">%s</text>`,
			marginLeft, y, marginLeft+plotWidth, y, marginLeft-5, y+4, html.EscapeString(t.label))
	}
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle">%s</text>`, marginLeft+plotWidth/2, chartHeight-8, html.EscapeString(c.xLabel))
	fmt.Fprintf(&b, `<text transform="translate(14,%d) rotate(-90)" text-anchor="middle">%s</text>`, marginTop+plotHeight/2, html.EscapeString(c.yLabel))
	for i, s := range c.series {
		var pts []string
		for _, p := range s.points {
			if c.logY && p.y <= 0 {
				continue
			}
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", sx(p.x), sy(p.y)))
		}
		fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-width="1.5" points="%s"/>`, s.color, strings.Join(pts, " "))
		y := marginTop + 8 + i*legendGap
		fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2"/><text x="%d" y="%d">%s</text>`,
			legendColumn, y, legendColumn+legendLine, y, s.color, legendColumn+legendLine+4, y+4, html.EscapeString(s.name))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // built here, every text escaped
}

// scales maps data to pixels and picks the ticks.
func (c chart) scales() (sx, sy func(float64) float64, xTicks, yTicks []tick) {
	xlo, xhi, ylo, yhi := c.bounds()
	xTicks = c.xTicks
	if xTicks == nil {
		for _, t := range linearTicks(xlo, xhi) {
			if t.at <= xhi {
				xTicks = append(xTicks, t)
			}
		}
	}
	sx = func(x float64) float64 { return marginLeft + (x-xlo)/(xhi-xlo)*plotWidth }
	format := c.yFormat
	if format == nil {
		format = func(v float64) string { return strconv.FormatFloat(v, 'g', 4, 64) }
	}
	fy := func(y float64) float64 { return y }
	if c.logY {
		ylo, yhi = math.Pow(10, math.Floor(math.Log10(ylo))), math.Pow(10, math.Ceil(math.Log10(yhi)))
		if yhi <= ylo {
			yhi = ylo * 10
		}
		fy = math.Log10
		for v := ylo; v <= yhi*1.0001; v *= 10 {
			yTicks = append(yTicks, tick{v, format(v)})
		}
	} else {
		ylo = 0
		for _, t := range linearTicks(0, yhi) {
			if c.yFormat != nil {
				t.label = c.yFormat(t.at)
			}
			yTicks = append(yTicks, t)
		}
		yhi = max(yhi, yTicks[len(yTicks)-1].at)
	}
	sy = func(y float64) float64 {
		return marginTop + plotHeight - (fy(y)-fy(ylo))/(fy(yhi)-fy(ylo))*plotHeight
	}
	return sx, sy, xTicks, yTicks
}

// bounds are the extent of the points (y > 0 only on a log axis), never
// empty.
func (c chart) bounds() (xlo, xhi, ylo, yhi float64) {
	xlo, xhi, ylo, yhi = math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, s := range c.series {
		for _, p := range s.points {
			if c.logY && p.y <= 0 {
				continue
			}
			xlo, xhi, ylo, yhi = min(xlo, p.x), max(xhi, p.x), min(ylo, p.y), max(yhi, p.y)
		}
	}
	for _, t := range c.xTicks {
		xlo, xhi = min(xlo, t.at), max(xhi, t.at)
	}
	if math.IsInf(xlo, 1) {
		xlo, xhi, ylo, yhi = 0, 1, 1, 1
	}
	if xhi <= xlo {
		xhi = xlo + 1
	}
	if yhi <= 0 {
		yhi = 1
	}
	return xlo, xhi, ylo, yhi
}

// linearTicks are about six round values from lo to hi or just past it.
func linearTicks(lo, hi float64) []tick {
	step := niceStep((hi - lo) / 6)
	decimals := max(0, -int(math.Floor(math.Log10(step))))
	var ticks []tick
	for i := math.Floor(lo / step); i*step < hi+step*0.999; i++ {
		ticks = append(ticks, tick{i * step, strconv.FormatFloat(i*step, 'f', decimals, 64)})
	}
	return ticks
}

// niceStep rounds a step up to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*p {
			return m * p
		}
	}
	return 10 * p
}
