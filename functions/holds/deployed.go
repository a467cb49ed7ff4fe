package function

import (
	"context"
	"fmt"
	"os"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"
	"github.com/redis/go-redis/v9"

	"github.com/ordercenter/ordercenter/shared/platform"
	"github.com/ordercenter/ordercenter/shared/reserve"
)

// deployed is holds as OpenFaaS runs it, wired from REDIS_URL on its
// first call. Its key prefix is reserve's default, as place-order's.
var deployed = platform.NewLazy(func(context.Context) (*Holds, error) {
	opts, err := redis.ParseURL(os.Getenv("REDIS_URL"))
	if err != nil {
		return nil, fmt.Errorf("holds: REDIS_URL: %w", err)
	}
	return New(reserve.New(redis.NewClient(opts), reserve.Config{})), nil
})

// Handle is the OpenFaaS entry point.
func Handle(req handler.Request) (handler.Response, error) {
	return platform.Serve(deployed, req, "holds is starting; try again shortly", 2*time.Second)
}
