package connector

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/ordercenter/ordercenter/shared/origin"
)

// Sign returns the proof of origin of a body (origin.Signer's Sign).
type Sign func(body []byte) (string, error)

// Scheduler calls scheduled functions, each call signed.
type Scheduler struct {
	entries []entry
	invoker Invoker
	sign    Sign
	log     *slog.Logger
	after   func(ctx context.Context, function string, a Answer, err error)
}

type entry struct {
	function string
	when     cron.Schedule
}

// NewScheduler calls the functions of schedules through invoker, each
// call's empty body signed by sign; after, when not nil, is told of every
// call once it is answered.
func NewScheduler(schedules []Schedule, invoker Invoker, sign Sign, after func(ctx context.Context, function string, a Answer, err error), log *slog.Logger) (*Scheduler, error) {
	if log == nil {
		log = slog.Default()
	}
	s := &Scheduler{invoker: invoker, sign: sign, log: log, after: after}
	for _, sc := range schedules {
		when, err := scheduleOf(sc)
		if err != nil {
			return nil, fmt.Errorf("scheduler: function %s: %w", sc.Function, err)
		}
		s.entries = append(s.entries, entry{function: sc.Function, when: when})
	}
	return s, nil
}

// Run calls the functions on their schedules until ctx ends, then waits
// for the calls running. A call still running when the next is due makes
// that one skipped.
func (s *Scheduler) Run(ctx context.Context) {
	if len(s.entries) == 0 {
		<-ctx.Done()
		return
	}
	c := cron.New(cron.WithChain(cron.Recover(cronLogger{s.log}), cron.SkipIfStillRunning(cronLogger{s.log})))
	for _, e := range s.entries {
		c.Schedule(e.when, cron.FuncJob(func() { s.trigger(ctx, e.function) }))
	}
	c.Start()
	<-ctx.Done()
	<-c.Stop().Done()
}

func scheduleOf(sc Schedule) (cron.Schedule, error) {
	if sc.Every > 0 {
		return every(sc.Every), nil
	}
	return parseCron(sc.Cron)
}

// every is a fixed interval, not rounded to seconds as cron.Every is.
type every time.Duration

func (e every) Next(t time.Time) time.Time { return t.Add(time.Duration(e)) }

// cronLogger writes the cron library's messages to slog.
type cronLogger struct{ log *slog.Logger }

func (l cronLogger) Info(msg string, kv ...any) { l.log.Debug("scheduler: "+msg, kv...) }
func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error("scheduler: "+msg, append(kv, "err", err)...)
}

// trigger calls one function, signed.
func (s *Scheduler) trigger(ctx context.Context, function string) {
	header := http.Header{"X-Connector": {Name}}
	proof, err := s.sign(nil)
	if err != nil {
		s.log.ErrorContext(ctx, "scheduled call not signed", "function", function, "err", err)
		return
	}
	header.Set(origin.Header, proof)
	a, err := s.invoker.Invoke(ctx, Call{Function: function, Header: header})
	if ctx.Err() == nil && (err != nil || a.Status >= 300) {
		s.log.WarnContext(ctx, "scheduled call failed", "function", function, "status", a.Status, "err", err,
			"body", fmt.Sprintf("%.200s", a.Body))
	}
	if s.after != nil {
		s.after(ctx, function, a, err)
	}
}
