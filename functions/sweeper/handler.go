package function

import (
	"context"
	"os"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/platform"
)

// deployed is the sweeper as OpenFaaS runs it, wired from the environment
// on its first call.
var deployed = platform.NewLazy(func(context.Context) (*Sweeper, error) {
	store, err := platform.Store(os.Getenv)
	if err != nil {
		return nil, err
	}
	return New(HealTask{Repo: orderstore.New(store, orderstore.Options{})}), nil
})

// Handle is the OpenFaaS entry point.
func Handle(req handler.Request) (handler.Response, error) {
	s, err := deployed.Get(requestContext(req))
	if err != nil {
		return httpapi.Error(&httpapi.Problem{Code: httpapi.CodeDependencyUnavailable,
			Message: "the sweeper cannot reach its store yet", RetryAfter: 5 * time.Second}), nil
	}
	return s.Handle(req)
}
