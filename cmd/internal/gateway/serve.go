package gateway

import (
	"context"
	"net/http"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/httpapi"
)

// ServeHTTP answers /function/<name>[/<subpath>] through the one net/http
// adapter (httpapi.Server), appending the caller to X-Forwarded-For as an
// OpenFaaS gateway does.
func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name, subpath, ok := splitFunctionPath(r.URL.Path)
	f, found := g.Lookup(name)
	if !ok || !found {
		httpapi.WriteResponse(w, httpapi.Error(r.Context(), &httpapi.Problem{Code: httpapi.CodeNotFound, Message: "no such function"}))
		return
	}
	srv := &httpapi.Server{Invoker: g.invoker(name), Function: f, MaxRequestBytes: g.cfg.MaxBodyBytes,
		Subpath: func(*http.Request) string { return subpath }, AppendPeer: true}
	srv.ServeHTTP(w, r)
}

// Invoke calls a function in-process with the gateway's time limit and
// observer (httpapi.Invoker): the HTTP gateway, the NATS connector and
// the schedule all call through here.
func (g *Gateway) Invoke(ctx context.Context, name string, f handler.FunctionHandler, req handler.Request) handler.Response {
	return g.invoker(name).Invoke(ctx, f, req)
}

func (g *Gateway) invoker(name string) httpapi.Invoker {
	g.mu.RLock()
	admission := g.admission[name]
	g.mu.RUnlock()
	return httpapi.Invoker{Name: name, Timeout: g.cfg.Timeout, Observer: g.cfg.Observer, Admission: admission}
}
