package runner

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/ordercenter/ordercenter/cmd/ordercenter/internal/gateway"
	paycallback "github.com/ordercenter/ordercenter/functions/pay-callback"
	refundfn "github.com/ordercenter/ordercenter/functions/refund"
	sweeper "github.com/ordercenter/ordercenter/functions/sweeper"
	"github.com/ordercenter/ordercenter/shared/payment/provider"
	"github.com/ordercenter/ordercenter/shared/platform"
	"github.com/ordercenter/ordercenter/shared/refund"
)

// SweeperName is the sweeper function's name.
const SweeperName = "sweeper"

// wiring is what the functions share in the runner.
type wiring struct {
	auth    *platform.Authenticator
	refunds *refund.Service
}

// registerFunctions serves every function, wired to the runner's own parts
// instead of the environment (functions read their business settings from
// the same environment variables as on OpenFaaS).
func (r *Runner) registerFunctions(context.Context) error {
	r.gateway = gateway.New(gateway.Config{Observer: r.tel.Functions()})
	w, err := r.sharedWiring()
	if err != nil {
		return err
	}
	r.gateway.Register("refund", refundfn.New(refundfn.Deps{Refunds: w.refunds, Auth: w.auth, Logger: r.log}))
	r.gateway.Register("pay-callback", paycallback.New(paycallback.Deps{Orders: r.repo, Store: r.store,
		Refunds: w.refunds, Secrets: paycallback.FileSecrets(r.cfg.SecretsDir, 0, time.Now), Logger: r.log}))
	r.gateway.Register(SweeperName, sweeper.New(sweeper.HealTask{Repo: r.repo}, refund.ResumeTask{Service: w.refunds}))
	for name, fn := range r.cfg.Functions {
		r.gateway.Register(name, fn)
	}
	return nil
}

func (r *Runner) sharedWiring() (wiring, error) {
	auth, err := platform.AuthenticatorFromSecrets(r.cfg.SecretsDir)
	if err != nil {
		return wiring{}, err
	}
	payments, err := provider.New(provider.Config{URL: r.cfg.PaymentURL})
	if err != nil {
		return wiring{}, fmt.Errorf("payment provider: %w", err)
	}
	cfg, err := refund.ConfigFromEnv(os.Getenv)
	if err != nil {
		return wiring{}, err
	}
	refunds, err := refund.New(refund.Deps{Orders: r.repo, Store: r.store, Provider: payments, Config: cfg, Logger: r.log})
	if err != nil {
		return wiring{}, err
	}
	return wiring{auth: auth, refunds: refunds}, nil
}
