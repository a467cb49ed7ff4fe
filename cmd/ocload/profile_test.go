package main

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// arrivals counts a schedule's arrivals in each second of p.
func arrivals(p profile, poisson bool) []int {
	s := &schedule{p: p, poisson: poisson, rng: rand.New(rand.NewPCG(7, 7))}
	perSecond := make([]int, int(math.Ceil(p.length.Seconds())))
	last := time.Duration(-1)
	for off, ok := s.next(); ok; off, ok = s.next() {
		if off < last || off >= p.length {
			panic("arrivals out of order or past the end")
		}
		last = off
		perSecond[int(off/time.Second)]++
	}
	return perSecond
}

func TestUniformArrivalsFollowTheRate(t *testing.T) {
	for _, c := range []struct {
		p    profile
		want func(second int) float64
	}{
		{constantProfile(300, 10*time.Second), func(int) float64 { return 300 }},
		{rampProfile(0, 100, 10*time.Second), func(s int) float64 { return 10*float64(s) + 5 }},
	} {
		for s, got := range arrivals(c.p, false) {
			if math.Abs(float64(got)-c.want(s)) > 1.01 {
				t.Errorf("%s: second %d has %d arrivals, want %.0f", c.p.name, s, got, c.want(s))
			}
		}
	}
}

func TestPoissonArrivalsAverageTheRate(t *testing.T) {
	total := 0
	for _, n := range arrivals(constantProfile(200, 50*time.Second), true) {
		total += n
	}
	// 10 000 expected, standard deviation 100.
	if total < 9500 || total > 10500 {
		t.Fatalf("%d Poisson arrivals in 50 s at 200/s", total)
	}
}

func TestMealPeakCompressesADay(t *testing.T) {
	shape, err := parseMealPeak(defaultMealPeak)
	if err != nil {
		t.Fatal(err)
	}
	p := mealPeakProfile(300, shape, 16*time.Minute) // 07:00 to 23:00: a minute an hour
	rate := func(hour float64) float64 { return p.rate(time.Duration((hour - 7) * float64(time.Minute))) }
	if r := rate(12); math.Abs(r-300) > 1 {
		t.Errorf("lunch peak %.1f/s, want 300", r)
	}
	if r := rate(18.5); r < 0.8*300 || r > 300 {
		t.Errorf("dinner peak %.1f/s, want 80 %% to 100 %% of 300", r)
	}
	if r := rate(15.25); r >= rate(12)/2 || r < 0.1*300 {
		t.Errorf("afternoon %.1f/s, want a trough between the peaks, above the base", r)
	}
	if r := rate(7); math.Abs(r-0.1*300) > 3 {
		t.Errorf("early morning %.1f/s, want about the base, 30", r)
	}
}

func TestBadShapesAndMixesAreRefused(t *testing.T) {
	for _, spec := range []string{"", "07:00", "23:00-07:00", "07:00-23:00,12:00/0s/1", "07:00-23:00,12:00/1h",
		"07:00-23:00,25:00/1h/1", "07:00-23:00,base=-1"} {
		if _, err := parseMealPeak(spec); err == nil {
			t.Errorf("shape %q accepted", spec)
		}
	}
	for _, spec := range []string{"", "place", "place=x", "place=-1", "fly=1", "place=1,place=2", "place=0"} {
		if _, err := parseMix(spec); err == nil {
			t.Errorf("mix %q accepted", spec)
		}
	}
	m, err := parseMix(defaultMix)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(m.ops, ",") != strings.Join(operations, ",") {
		t.Fatalf("the default mix has %v, want every operation %v", m.ops, operations)
	}
}

func TestChartsOfNothingAreDrawn(t *testing.T) {
	for _, c := range []chart{
		{},
		{series: []series{{name: "zero", points: []point{{0, 0}, {1, 0}}}}},
		{logY: true, series: []series{{name: "zero", points: []point{{0, 0}}}}},
		{logY: true, series: []series{{name: "one", points: []point{{3, 5}}}}},
	} {
		if svg := string(c.svg()); strings.Contains(svg, "NaN") || strings.Contains(svg, "Inf") {
			t.Errorf("chart %+v: %s", c, svg)
		}
	}
}
