package connector

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/openfaas/go-sdk/stack"
	"github.com/robfig/cron/v3"
)

// Annotations the connector reads, and the topic of scheduled functions.
const (
	TopicAnnotation    = "topic"
	ScheduleAnnotation = "schedule"
	CronTopic          = "cron-function"
)

// Subscription is a function and the subjects it is called for.
type Subscription struct {
	// Function is the name the gateway routes /function/<name> to; the
	// durable consumer has the same name.
	Function string
	// Subjects may hold NATS wildcards (* and >).
	Subjects []string
}

// Schedule is a function called on a schedule.
type Schedule struct {
	Function string
	// Cron is the schedule in cron syntax (five fields, or a descriptor
	// such as @hourly; CRON_TZ=<zone> may lead, UTC otherwise).
	Cron string
	// Every, when set, replaces Cron with a fixed interval (the runner's
	// SWEEP_INTERVAL).
	Every time.Duration
}

// Catalog is what the functions ask for.
type Catalog struct {
	Subscriptions []Subscription
	Schedules     []Schedule
}

// Keep returns the part of the catalog whose functions keep accepts.
func (c Catalog) Keep(keep func(function string) bool) Catalog {
	var out Catalog
	for _, s := range c.Subscriptions {
		if keep(s.Function) {
			out.Subscriptions = append(out.Subscriptions, s)
		}
	}
	for _, s := range c.Schedules {
		if keep(s.Function) {
			out.Schedules = append(out.Schedules, s)
		}
	}
	return out
}

// Equal reports whether two catalogs ask for the same.
func (c Catalog) Equal(o Catalog) bool {
	return slices.EqualFunc(c.Subscriptions, o.Subscriptions, func(a, b Subscription) bool {
		return a.Function == b.Function && slices.Equal(a.Subjects, b.Subjects)
	}) && slices.Equal(c.Schedules, o.Schedules)
}

// ReadStack reads the catalog from the annotations of an OpenFaaS stack
// file.
func ReadStack(path string) (Catalog, error) {
	services, err := stack.ParseYAMLFile(path, "", "", true)
	if err != nil {
		return Catalog{}, fmt.Errorf("stack file %s: %w", path, err)
	}
	b := &builder{}
	for name, fn := range services.Functions {
		if fn.Annotations != nil {
			b.add(name, *fn.Annotations)
		}
	}
	return b.catalog()
}

// builder gathers a catalog from functions' annotations.
type builder struct {
	cat  Catalog
	errs []error
}

func (b *builder) add(function string, annotations map[string]string) {
	var subjects []string
	scheduled := false
	for _, s := range strings.Split(annotations[TopicAnnotation], ",") {
		switch s = strings.TrimSpace(s); s {
		case "":
		case CronTopic:
			scheduled = true
		default:
			subjects = append(subjects, s)
		}
	}
	if len(subjects) > 0 {
		if strings.ContainsAny(function, ".*> \t") {
			b.errs = append(b.errs, fmt.Errorf("function %q: not a durable consumer name", function))
			return
		}
		slices.Sort(subjects)
		b.cat.Subscriptions = append(b.cat.Subscriptions, Subscription{Function: function, Subjects: slices.Compact(subjects)})
	}
	if scheduled {
		spec := strings.TrimSpace(annotations[ScheduleAnnotation])
		if _, err := parseCron(spec); err != nil {
			b.errs = append(b.errs, fmt.Errorf("function %s: schedule %q: %w", function, spec, err))
			return
		}
		b.cat.Schedules = append(b.cat.Schedules, Schedule{Function: function, Cron: spec})
	}
}

func (b *builder) catalog() (Catalog, error) {
	slices.SortFunc(b.cat.Subscriptions, func(a, b Subscription) int { return strings.Compare(a.Function, b.Function) })
	slices.SortFunc(b.cat.Schedules, func(a, b Schedule) int { return strings.Compare(a.Function, b.Function) })
	return b.cat, errors.Join(b.errs...)
}

// parseCron reads a five-field schedule, in UTC unless it names its zone.
func parseCron(spec string) (cron.Schedule, error) {
	if spec == "" {
		return nil, errors.New("missing")
	}
	if !strings.HasPrefix(spec, "CRON_TZ=") && !strings.HasPrefix(spec, "TZ=") {
		spec = "CRON_TZ=UTC " + spec
	}
	return cron.ParseStandard(spec)
}
