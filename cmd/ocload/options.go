package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"
)

// options are the command's flags.
type options struct {
	// where
	url, secrets, catalogFile, catalogURL, pay string
	remote                                     bool
	serve                                      bool
	data, stack, writeCatalog                  string
	stores, items                              int
	limited                                    bool
	// when
	profile, shape, arrivals string
	rate, from               float64
	duration                 time.Duration
	workers, limit           int
	// what
	mix           string
	users, riders int
	skew          float64
	preload       int
	maxInFlight   int
	timeout       time.Duration
	seed          uint64
	// reports
	jsonFile, htmlFile, cpuProfile string
	quiet                          bool
}

// The profiles of -profile.
const (
	profileConstant = "constant"
	profileRamp     = "ramp"
	profileMealPeak = "meal-peak"
	profileClosed   = "closed"
)

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("ocload", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.url, "url", "", "base URL of a running order center (a loopback one, unless -remote)")
	fs.BoolVar(&o.remote, "remote", false, "allow a -url that is not a loopback address (a deployment of yours)")
	fs.StringVar(&o.secrets, "secrets", ".data/secrets", "with -url: the directory of its jwt-secret (and payment-webhook-secret for -pay webhook)")
	fs.StringVar(&o.catalogFile, "catalog", "", "with -url: the catalog file it serves (default: the catalog's GET /stores)")
	fs.StringVar(&o.catalogURL, "catalog-url", "", "the catalog to browse (default: <url>/sandbox/catalog, the runner's)")
	fs.StringVar(&o.pay, "pay", paySandbox, "how orders are paid: sandbox (the runner's sandbox provider sends the webhook) or webhook (signed here)")
	fs.BoolVar(&o.serve, "serve", false, "start an order center in this process (the runner, over a load catalog) and load it")
	fs.StringVar(&o.data, "data", "", "with -serve: its data directory (default: a fresh temporary one, removed after)")
	fs.StringVar(&o.stack, "stack", "stack.yml", "with -serve: the stack file whose topics the connector follows")
	fs.IntVar(&o.stores, "stores", 200, "with -serve: stores of the load catalog")
	fs.IntVar(&o.items, "items", 12, "with -serve: dishes per store of the load catalog")
	fs.StringVar(&o.writeCatalog, "write-catalog", "", "write the load catalog (-stores, -items) to this file and exit (for ordercenter serve --catalog)")
	fs.BoolVar(&o.limited, "limited", false, "every order also takes one unit of its store's limited item (the stock reservation)")
	fs.StringVar(&o.profile, "profile", profileConstant, "arrivals: constant, ramp, meal-peak, or closed (-workers calls back to back, no rate)")
	fs.Float64Var(&o.rate, "rate", 50, "arrivals a second: constant's, a ramp's last, meal-peak's peak")
	fs.Float64Var(&o.from, "from", 0, "a ramp's first rate")
	fs.StringVar(&o.shape, "shape", defaultMealPeak, "meal-peak's day: HH:MM-HH:MM,peak HH:MM/sigma/height...,base=fraction")
	fs.StringVar(&o.arrivals, "arrivals", "poisson", "poisson (exponential gaps) or uniform (even gaps)")
	fs.DurationVar(&o.duration, "duration", 30*time.Second, "how long arrivals come")
	fs.IntVar(&o.workers, "workers", 16, "closed: workers sending at once")
	fs.IntVar(&o.limit, "n", 0, "closed: stop after this many calls (0: at -duration)")
	fs.StringVar(&o.mix, "mix", defaultMix, "weights of the operations: op=weight,...")
	fs.IntVar(&o.users, "users", 10000, "users who order (u-load-<i>)")
	fs.IntVar(&o.riders, "riders", 500, "riders who deliver (r-load-<i>)")
	fs.Float64Var(&o.skew, "skew", 1.2, "Zipf exponent of the stores' popularity (> 1; larger: hotter hot stores)")
	fs.IntVar(&o.preload, "preload", 0, "orders placed (not measured) before the clock starts, for the reads to find")
	fs.IntVar(&o.maxInFlight, "max-in-flight", 1000, "open loop: calls in flight at most (an arrival beyond it waits, counted late)")
	fs.DurationVar(&o.timeout, "timeout", 30*time.Second, "each call's limit")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of every random choice")
	fs.StringVar(&o.jsonFile, "json", "", "write the report as JSON to this file")
	fs.StringVar(&o.htmlFile, "html", "", "write the report as a self-contained HTML page with charts to this file")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the run (client and any in-process server) to this file")
	fs.BoolVar(&o.quiet, "quiet", false, "no live progress on standard error")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	return o, o.validate()
}

func (o options) validate() error {
	var errs []error
	check := func(bad bool, format string, args ...any) {
		if bad {
			errs = append(errs, fmt.Errorf(format, args...))
		}
	}
	if o.writeCatalog != "" {
		check(o.stores < 1 || o.items < 1, "-stores and -items must be at least 1")
		return errors.Join(errs...)
	}
	check(o.serve == (o.url != ""), "give either -url or -serve")
	check(o.url != "" && !o.remote && !loopback(o.url), "-url %q is not a loopback address: add -remote to load it", o.url)
	check(o.serve && (o.stores < 1 || o.items < 1), "-stores and -items must be at least 1")
	check(o.duration <= 0 || o.duration > 24*time.Hour, "-duration must be positive, at most 24h")
	check(o.profile != profileClosed && o.rate <= 0, "-rate must be positive")
	check(o.profile == profileRamp && o.from < 0, "-from must not be negative")
	check(o.profile == profileClosed && (o.workers < 1 || o.workers > 4096), "-workers must be 1 to 4096")
	check(o.arrivals != "poisson" && o.arrivals != "uniform", "-arrivals must be poisson or uniform")
	check(o.users < 1 || o.riders < 1, "-users and -riders must be at least 1")
	check(o.skew <= 1, "-skew must be more than 1")
	check(o.maxInFlight < 1, "-max-in-flight must be at least 1")
	check(o.timeout <= 0, "-timeout must be positive")
	check(o.limit < 0 || o.preload < 0, "-n and -preload must not be negative")
	return errors.Join(errs...)
}

// loopback reports whether url names a loopback address.
func loopback(url string) bool {
	for _, p := range []string{"http://127.", "http://localhost:", "http://localhost/", "http://[::1]"} {
		if strings.HasPrefix(url, p) {
			return true
		}
	}
	return false
}

// buildProfile returns the profile the flags ask for.
func (o options) buildProfile() (profile, error) {
	switch o.profile {
	case profileConstant:
		return constantProfile(o.rate, o.duration), nil
	case profileRamp:
		return rampProfile(o.from, o.rate, o.duration), nil
	case profileMealPeak:
		shape, err := parseMealPeak(o.shape)
		if err != nil {
			return profile{}, err
		}
		return mealPeakProfile(o.rate, shape, o.duration), nil
	case profileClosed:
		return profile{name: fmt.Sprintf("closed, %d workers", o.workers), length: o.duration}, nil
	}
	return profile{}, fmt.Errorf("-profile %q: want constant, ramp, meal-peak or closed", o.profile)
}
