package platform

import (
	"log/slog"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/httpapi"
)

// Handler is a function's use case behind the OpenFaaS signature.
type Handler interface {
	Handle(req handler.Request) (handler.Response, error)
}

// Serve is a function's OpenFaaS entry point: it hands req to the handler
// lazy builds on the first call. While that cannot be built, it logs why
// and answers 503 with message and a Retry-After of retry.
func Serve[H Handler](lazy *Lazy[H], req handler.Request, message string, retry time.Duration) (handler.Response, error) {
	ctx := httpapi.Context(req)
	h, err := lazy.Get(ctx)
	if err != nil {
		slog.ErrorContext(ctx, "function not wired", "answer", message, "err", err)
		return httpapi.Error(&httpapi.Problem{Code: httpapi.CodeDependencyUnavailable,
			Message: message, RetryAfter: retry}), nil
	}
	return h.Handle(req)
}
