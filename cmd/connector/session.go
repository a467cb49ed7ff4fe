package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/openfaas/faas-provider/auth"

	"github.com/ordercenter/ordercenter/cmd/internal/connector"
	"github.com/ordercenter/ordercenter/shared/events"
)

// catalog reads the subscriptions and schedules: from STACK_FILE, or the
// gateway's function list.
func (s *session) catalog(ctx context.Context) (connector.Catalog, error) {
	if s.cfg.StackFile != "" {
		return connector.ReadStack(s.cfg.StackFile)
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.CallTimeout)
	defer cancel()
	return connector.Discover(ctx, s.invoker.Client(), s.cfg.GatewayURL, s.creds)
}

// options are the delivery's: the events' ack wait above the call's time
// limit.
func (s *session) options() connector.Options {
	return connector.Options{InFlight: s.cfg.InFlight, AckWait: max(30*time.Second, s.cfg.CallTimeout+5*time.Second),
		BackOff: events.DefaultBackOff, Drain: s.cfg.Drain, Logger: s.log,
		TracerProvider: s.deps.Tracing}
}

// scheduler signs each scheduled call with the first key of
// event-signing-secret; without schedules it needs no key.
func (s *session) scheduler(cat connector.Catalog) (*connector.Scheduler, error) {
	sign := func([]byte) (string, error) { return "", errors.New("no key") }
	if len(cat.Schedules) > 0 {
		signer, err := s.deps.Signer()
		if err != nil {
			return nil, fmt.Errorf("scheduled calls cannot be signed: %w", err)
		}
		sign = signer.Sign
	}
	return connector.NewScheduler(cat.Schedules, s.invoker, sign, nil, s.log)
}

// watch reads the gateway's list every Refresh and calls restart when
// it asks for other subscriptions or schedules than cat.
func (s *session) watch(ctx context.Context, cat connector.Catalog, restart context.CancelFunc) {
	t := time.NewTicker(s.cfg.Refresh)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		now, err := s.catalog(ctx)
		if err != nil {
			s.log.Warn("gateway's function list not read", "err", err)
			continue
		}
		if !now.Equal(cat) {
			s.log.Info("the functions' subscriptions changed; restarting delivery")
			restart()
			return
		}
	}
}

// gatewayCredentials reads the gateway's basic auth from the secret files
// basic-auth-user and basic-auth-password, when they exist.
func gatewayCredentials(dir string) (*auth.BasicAuthCredentials, error) {
	if _, err := os.Stat(filepath.Join(dir, "basic-auth-user")); errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	creds, err := (&auth.ReadBasicAuthFromDisk{SecretMountPath: dir}).Read()
	if err != nil {
		return nil, fmt.Errorf("gateway credentials: %w", err)
	}
	return creds, nil
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
