package function

import (
	"os"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"
	"github.com/redis/go-redis/v9"

	"github.com/ordercenter/ordercenter/shared/platform"
	"github.com/ordercenter/ordercenter/shared/refund"
	"github.com/ordercenter/ordercenter/shared/reserve"
	"github.com/ordercenter/ordercenter/shared/timers"
)

// deployed is the sweeper as OpenFaaS runs it, wired from the environment
// on its first call: the store and the events publisher (DYNAMODB_*,
// NATS_URL), the provider for refund retries (PAYMENT_PROVIDER_URL), Redis
// for orphaned holds (REDIS_URL), the timers (PAY_TIMEOUT, ACCEPT_TIMEOUT,
// AUTO_COMPLETE_AFTER).
var deployed = refund.LazyFromEnv(func(w refund.Wiring) (*Sweeper, error) {
	tc, err := timers.ConfigFromEnv(os.Getenv)
	if err != nil {
		return nil, err
	}
	tasks := []Task{HealTask{Repo: w.Orders},
		timers.PayTimeout(w.Orders, tc), timers.AcceptTimeout(w.Orders, tc), timers.AutoComplete(w.Orders, tc),
		refund.ResumeTask{Service: w.Refunds}}
	if url := os.Getenv("REDIS_URL"); url != "" {
		opts, err := redis.ParseURL(url)
		if err != nil {
			return nil, err
		}
		holds := reserve.New(redis.NewClient(opts), reserve.Config{})
		tasks = append(tasks, reserve.OrphanTask{Reserver: holds, Orders: w.Orders})
	}
	return New(tasks...), nil
})

// Handle is the OpenFaaS entry point.
func Handle(req handler.Request) (handler.Response, error) {
	return platform.Serve(deployed, req, "the sweeper cannot reach its dependencies yet", 5*time.Second)
}
