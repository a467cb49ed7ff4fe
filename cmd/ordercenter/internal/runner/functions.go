package runner

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/ordercenter/ordercenter/cmd/ordercenter/internal/gateway"
	"github.com/redis/go-redis/v9"

	holdsfn "github.com/ordercenter/ordercenter/functions/holds"
	orderaction "github.com/ordercenter/ordercenter/functions/order-action"
	orderquery "github.com/ordercenter/ordercenter/functions/order-query"
	paycallback "github.com/ordercenter/ordercenter/functions/pay-callback"
	placeorder "github.com/ordercenter/ordercenter/functions/place-order"
	pushnotify "github.com/ordercenter/ordercenter/functions/push-notify"
	refundfn "github.com/ordercenter/ordercenter/functions/refund"
	sweeper "github.com/ordercenter/ordercenter/functions/sweeper"
	"github.com/ordercenter/ordercenter/shared/catalog"
	"github.com/ordercenter/ordercenter/shared/payment/provider"
	"github.com/ordercenter/ordercenter/shared/platform"
	"github.com/ordercenter/ordercenter/shared/push"
	"github.com/ordercenter/ordercenter/shared/refund"
	"github.com/ordercenter/ordercenter/shared/reserve"
	"github.com/ordercenter/ordercenter/shared/timers"
)

// SweeperName is the sweeper function's name.
const SweeperName = "sweeper"

// wiring is what the functions share in the runner.
type wiring struct {
	auth    *platform.Authenticator
	refunds *refund.Service
	redis   *redis.Client
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
	po, err := r.placeOrder(w)
	if err != nil {
		return err
	}
	r.gateway.Register("place-order", po)
	r.gateway.Register("holds", holdsfn.New(po.Reserver()))
	notifier, err := r.pushNotify(w)
	if err != nil {
		return err
	}
	r.gateway.Register("push-notify", notifier)
	r.gateway.Register("refund", refundfn.New(refundfn.Deps{Refunds: w.refunds, Auth: w.auth, Logger: r.log}))
	r.gateway.Register("pay-callback", paycallback.New(paycallback.Deps{Orders: r.repo, Notices: r.repo.PaymentNotices(),
		Refunds: w.refunds, Secrets: paycallback.FileSecrets(r.cfg.SecretsDir, 0, time.Now), Logger: r.log}))
	if err := r.registerLifecycle(); err != nil {
		return err
	}
	tc, err := timers.ConfigFromEnv(os.Getenv)
	if err != nil {
		return err
	}
	r.gateway.Register(SweeperName, sweeper.New(sweeper.HealTask{Repo: r.repo},
		timers.PayTimeout(r.repo, tc), timers.AcceptTimeout(r.repo, tc), timers.AutoComplete(r.repo, tc),
		refund.ResumeTask{Service: w.refunds}, reserve.OrphanTask{Reserver: po.Reserver(), Orders: r.repo}))
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
	refunds, err := refund.New(refund.Deps{Orders: r.repo, Index: r.repo.RefundIndex(), Provider: payments, Config: cfg, Logger: r.log})
	if err != nil {
		return wiring{}, err
	}
	opts, err := redis.ParseURL(r.redisURL)
	if err != nil {
		return wiring{}, fmt.Errorf("redis: %w", err)
	}
	rdb := redis.NewClient(opts)
	r.onClose(func(context.Context) error { return rdb.Close() })
	return wiring{auth: auth, refunds: refunds, redis: rdb}, nil
}

func (r *Runner) placeOrder(w wiring) (*placeorder.PlaceOrder, error) {
	cat, err := catalog.New(r.cfg.CatalogURL)
	if err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	cfg, err := placeorder.ConfigFromEnv(os.Getenv)
	if err != nil {
		return nil, err
	}
	return placeorder.New(placeorder.Deps{Orders: r.repo, Catalog: cat, Redis: w.redis, Auth: w.auth,
		Config: cfg, Logger: r.log})
}

func (r *Runner) pushNotify(w wiring) (*pushnotify.Notifier, error) {
	client, err := push.NewClient(push.Config{URL: r.cfg.PushURL})
	if err != nil {
		return nil, fmt.Errorf("push gateway: %w", err)
	}
	cfg, err := pushnotify.ConfigFromEnv(os.Getenv)
	if err != nil {
		return nil, err
	}
	return pushnotify.New(pushnotify.Deps{Push: client, Redis: w.redis, Config: cfg, Log: r.log})
}

// registerLifecycle serves order-action and order-query.
func (r *Runner) registerLifecycle() error {
	oa, err := orderaction.FromEnv(r.repo, r.cfg.SecretsDir, os.Getenv)
	if err != nil {
		return err
	}
	r.gateway.Register("order-action", oa)
	oq, err := orderquery.FromEnv(r.repo, r.cfg.SecretsDir, os.Getenv)
	if err != nil {
		return err
	}
	r.gateway.Register("order-query", oq)
	return nil
}
