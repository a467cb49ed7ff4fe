package runner

import (
	"context"
	"fmt"

	"github.com/ordercenter/ordercenter/cmd/internal/connector"
)

// catalog is what the served functions subscribe to and are scheduled on,
// by the annotations of the stack file, with the sweeper triggered every
// SWEEP_INTERVAL (the runner's override of its schedule annotation).
func (r *Runner) catalog() (connector.Catalog, error) {
	var cat connector.Catalog
	if r.cfg.StackFile != "" {
		var err error
		if cat, err = connector.ReadStack(r.cfg.StackFile); err != nil {
			return cat, fmt.Errorf("connector: %w", err)
		}
	}
	cat = cat.Keep(func(name string) bool { _, served := r.gateway.Lookup(name); return served && name != SweeperName })
	if _, served := r.gateway.Lookup(SweeperName); served {
		cat.Schedules = append(cat.Schedules, connector.Schedule{Function: SweeperName, Every: r.env.SweepInterval})
	}
	return cat, nil
}

// startConnector delivers events to the functions that subscribe to them
// and triggers the scheduled ones, as cmd/connector does deployed, with
// the functions called in-process.
func (r *Runner) startConnector(ctx context.Context) error {
	cat, err := r.catalog()
	if err != nil {
		return err
	}
	invoker := connector.InProcess(r.gateway)
	c, err := connector.New(ctx, r.nc, r.js, cat.Subscriptions, invoker, connector.Options{Logger: r.log,
		TracerProvider: r.tel.TracerProvider()})
	if err != nil {
		return err
	}
	s, err := connector.NewScheduler(cat.Schedules, invoker, r.sign, r.afterScheduled, r.log)
	if err != nil {
		return err
	}
	if err := c.Start(ctx); err != nil {
		return err
	}
	r.bg.Go(func() {
		if err := c.Wait(); err != nil {
			r.log.Error("NATS connector stopped", "err", err)
		}
	})
	r.bg.Go(func() { s.Run(ctx) })
	if len(cat.Subscriptions) > 0 {
		r.log.Info("NATS connector started", "subscriptions", cat.Subscriptions)
	}
	return nil
}
