package runner

import (
	"context"

	"github.com/ordercenter/ordercenter/cmd/ordercenter/internal/gateway"
	sweeper "github.com/ordercenter/ordercenter/functions/sweeper"
)

// SweeperName is the sweeper function's name.
const SweeperName = "sweeper"

// registerFunctions serves every function that exists, wired to the
// runner's own parts instead of the environment.
func (r *Runner) registerFunctions(context.Context) error {
	r.gateway = gateway.New(gateway.Config{Observer: r.tel.Functions()})
	r.gateway.Register(SweeperName, sweeper.New(sweeper.HealTask{Repo: r.repo}))
	for name, fn := range r.cfg.Functions {
		r.gateway.Register(name, fn)
	}
	return nil
}
