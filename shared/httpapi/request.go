package httpapi

import (
	"context"

	handler "github.com/openfaas/templates-sdk/go-http"
)

// Context is the request's context, or Background for a request built
// without one.
func Context(req handler.Request) context.Context {
	if ctx := req.Context(); ctx != nil {
		return ctx
	}
	return context.Background()
}

// CodeMethodNotAllowed is the code of a 405: the path is served, not with
// the request's method.
const CodeMethodNotAllowed Code = "method_not_allowed"
