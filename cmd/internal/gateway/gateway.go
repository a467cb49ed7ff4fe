// Package gateway serves functions at /function/<name> the way an OpenFaaS
// gateway and the golang-http template do: the function's Handle receives
// method, headers, query string, body and the request's context, with the
// path below the function's name in the X-Function-Path header; X-Call-Id
// is set when absent; body size and call time are limited.
package gateway

import (
	"sort"
	"strings"
	"sync"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/httpapi"
)

// DefaultTimeout bounds a call when Config names no timeout.
const DefaultTimeout = 30 * time.Second

// Config limits calls.
type Config struct {
	// MaxBodyBytes bounds request bodies (httpapi.DefaultMaxRequestBytes
	// when zero).
	MaxBodyBytes int64
	// Timeout bounds one call (DefaultTimeout when zero): the function's
	// context ends then, and the caller gets 504.
	Timeout time.Duration
	// Observer, when set, is told of every call.
	Observer httpapi.CallObserver
	// MaxConcurrentCalls bounds the calls each function serves at once
	// (httpapi.Admission; 0: no bound), as MAX_CONCURRENT_CALLS bounds a
	// deployed function's instance.
	MaxConcurrentCalls int
}

// Gateway routes calls to registered functions. Register every function
// before serving.
type Gateway struct {
	cfg       Config
	mu        sync.RWMutex
	functions map[string]handler.FunctionHandler
	admission map[string]*httpapi.Admission
}

// New returns a gateway with no functions.
func New(cfg Config) *Gateway {
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	return &Gateway{cfg: cfg, functions: map[string]handler.FunctionHandler{}, admission: map[string]*httpapi.Admission{}}
}

// Register serves f at /function/<name>.
func (g *Gateway) Register(name string, f handler.FunctionHandler) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.functions[name] = f
	g.admission[name] = httpapi.NewAdmission(g.cfg.MaxConcurrentCalls)
}

// Names lists the registered functions, sorted.
func (g *Gateway) Names() []string {
	g.mu.RLock()
	defer g.mu.RUnlock()
	names := make([]string, 0, len(g.functions))
	for n := range g.functions {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Lookup returns the function registered under name.
func (g *Gateway) Lookup(name string) (handler.FunctionHandler, bool) {
	g.mu.RLock()
	defer g.mu.RUnlock()
	f, ok := g.functions[name]
	return f, ok
}

// splitFunctionPath splits /function/<name>/<rest> into name and "/<rest>".
func splitFunctionPath(path string) (name, subpath string, ok bool) {
	rest, found := strings.CutPrefix(path, "/function/")
	if !found || rest == "" {
		return "", "", false
	}
	name, sub, _ := strings.Cut(rest, "/")
	return name, "/" + sub, name != ""
}
