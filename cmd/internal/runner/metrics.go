package runner

import (
	"context"
	"errors"
	"fmt"
)

// observeFigures reports, at each collection of the metrics, the lag and
// dead letters of the events' consumers and the state of every breaker
// (package metrics), beside the counts the functions' parts record.
func (r *Runner) observeFigures(context.Context) error {
	figures, err := r.deps.Metrics()
	if err != nil {
		return fmt.Errorf("metrics: %w", err)
	}
	streams, err := figures.ObserveJetStream(r.js)
	if err != nil {
		return fmt.Errorf("metrics: %w", err)
	}
	breakers, err := figures.ObserveBreakers()
	if err != nil {
		return errors.Join(fmt.Errorf("metrics: %w", err), streams.Unregister())
	}
	r.onClose(func(context.Context) error { return errors.Join(streams.Unregister(), breakers.Unregister()) })
	return nil
}
