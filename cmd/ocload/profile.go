package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// profile is the arrival rate over a run: rate(t) arrivals a second at t
// after the start, for t in [0, length).
type profile struct {
	name   string
	length time.Duration
	rate   func(t time.Duration) float64
}

// constantProfile arrives at perSecond all along.
func constantProfile(perSecond float64, length time.Duration) profile {
	return profile{name: fmt.Sprintf("constant %g/s", perSecond), length: length,
		rate: func(time.Duration) float64 { return perSecond }}
}

// rampProfile goes linearly from `from` to `to` arrivals a second.
func rampProfile(from, to float64, length time.Duration) profile {
	return profile{name: fmt.Sprintf("ramp %g/s to %g/s", from, to), length: length,
		rate: func(t time.Duration) float64 { return from + (to-from)*float64(t)/float64(length) }}
}

// peak is one meal peak of a day: a bell around center (a time of day)
// of width sigma, height a fraction of the peak rate.
type peak struct {
	center, sigma time.Duration
	height        float64
}

// mealPeak is a day's shape: the hours of day the run covers, its peaks
// and the floor between them (a fraction of the peak rate).
type mealPeak struct {
	dayStart, dayEnd time.Duration
	peaks            []peak
	base             float64
}

// defaultMealPeak is a delivery platform's day, 07:00 to 23:00: lunch
// around 12:00 (σ 45 min, the full peak rate), dinner around 18:30
// (σ 1 h, 80 %), and 10 % of the peak rate between them.
const defaultMealPeak = "07:00-23:00,12:00/45m/1,18:30/60m/0.8,base=0.1"

// mealPeakProfile compresses the day shape into length: the day's hour h
// is at (h-dayStart)/(dayEnd-dayStart) of the run, at
// peakRate × min(1, base + Σ height·exp(-½((h-center)/σ)²)).
func mealPeakProfile(peakRate float64, shape mealPeak, length time.Duration) profile {
	day := shape.dayEnd - shape.dayStart
	return profile{name: fmt.Sprintf("meal-peak %g/s", peakRate), length: length, rate: func(t time.Duration) float64 {
		clock := shape.dayStart + time.Duration(float64(day)*float64(t)/float64(length))
		f := shape.base
		for _, p := range shape.peaks {
			z := float64(clock-p.center) / float64(p.sigma)
			f += p.height * math.Exp(-z*z/2)
		}
		return peakRate * min(1, f)
	}}
}

// parseMealPeak reads a shape: "HH:MM-HH:MM" (the day the run covers),
// then peaks "HH:MM/σ/height" (σ a Go duration, height a fraction of the
// peak rate), then optionally "base=fraction"; comma-separated.
func parseMealPeak(spec string) (mealPeak, error) {
	parts := strings.Split(spec, ",")
	var s mealPeak
	from, to, ok := strings.Cut(parts[0], "-")
	if !ok {
		return s, fmt.Errorf("meal-peak %q: starts with the day, HH:MM-HH:MM", spec)
	}
	var err error
	if s.dayStart, err = clockTime(from); err != nil {
		return s, err
	}
	if s.dayEnd, err = clockTime(to); err != nil {
		return s, err
	}
	if s.dayEnd <= s.dayStart {
		return s, fmt.Errorf("meal-peak %q: the day ends before it starts", spec)
	}
	for _, part := range parts[1:] {
		if v, isBase := strings.CutPrefix(part, "base="); isBase {
			if s.base, err = strconv.ParseFloat(v, 64); err != nil || s.base < 0 {
				return s, fmt.Errorf("meal-peak %q: base %q is not a fraction", spec, v)
			}
			continue
		}
		p, err := parsePeak(part)
		if err != nil {
			return s, fmt.Errorf("meal-peak %q: %w", spec, err)
		}
		s.peaks = append(s.peaks, p)
	}
	return s, nil
}

func parsePeak(spec string) (peak, error) {
	fields := strings.Split(spec, "/")
	if len(fields) != 3 {
		return peak{}, fmt.Errorf("peak %q: want HH:MM/sigma/height", spec)
	}
	center, err := clockTime(fields[0])
	if err != nil {
		return peak{}, err
	}
	sigma, err := time.ParseDuration(fields[1])
	if err != nil || sigma <= 0 {
		return peak{}, fmt.Errorf("peak %q: sigma %q is not a positive duration", spec, fields[1])
	}
	height, err := strconv.ParseFloat(fields[2], 64)
	if err != nil || height < 0 {
		return peak{}, fmt.Errorf("peak %q: height %q is not a fraction", spec, fields[2])
	}
	return peak{center: center, sigma: sigma, height: height}, nil
}

// clockTime reads "HH:MM" (00:00 to 24:00) as the time since midnight.
func clockTime(s string) (time.Duration, error) {
	h, m, ok := strings.Cut(s, ":")
	hours, errH := strconv.Atoi(h)
	minutes, errM := strconv.Atoi(m)
	if !ok || errH != nil || errM != nil || hours < 0 || minutes < 0 || minutes > 59 || hours*60+minutes > 24*60 {
		return 0, fmt.Errorf("time of day %q: want HH:MM", s)
	}
	return time.Duration(hours)*time.Hour + time.Duration(minutes)*time.Minute, nil
}
