package main

import (
	"fmt"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/ordercenter/ordercenter/shared/app"
)

// observeFigures reports, at each export of the metrics, the lag and dead
// letters of every consumer of the events stream and the state of the
// connector's breakers (package metrics), with the meter provider of
// deps (the process's global one, which telemetry.Setup installs). The
// registrations end with the meter provider.
func observeFigures(deps *app.Deps, js jetstream.JetStream) error {
	figures, err := deps.Metrics()
	if err != nil {
		return fmt.Errorf("metrics: %w", err)
	}
	if _, err := figures.ObserveJetStream(js); err != nil {
		return fmt.Errorf("metrics: %w", err)
	}
	if _, err := figures.ObserveBreakers(); err != nil {
		return fmt.Errorf("metrics: %w", err)
	}
	return nil
}
