// Package gateway serves functions at /function/<name> the way an OpenFaaS
// gateway and the golang-http template do: the function's Handle receives
// method, headers, query string, body and the request's context, with the
// path below the function's name in the X-Function-Path header; X-Call-Id
// is set when absent; body size and call time are limited.
package gateway

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/httpapi"
)

// Defaults of Config.
const (
	DefaultMaxBodyBytes = 1 << 20
	DefaultTimeout      = 30 * time.Second
)

// CallObserver is told of every call (telemetry: a span, a count, a
// latency); the function that StartCall returns is called when it ends.
type CallObserver interface {
	StartCall(ctx context.Context, function, method string) (context.Context, func(status int, err error))
}

// Config limits calls.
type Config struct {
	// MaxBodyBytes bounds request bodies (DefaultMaxBodyBytes when zero).
	MaxBodyBytes int64
	// Timeout bounds one call (DefaultTimeout when zero): the function's
	// context ends then, and the caller gets 504.
	Timeout time.Duration
	// Observer, when set, is told of every call.
	Observer CallObserver
}

// Gateway routes calls to registered functions. Register every function
// before serving.
type Gateway struct {
	cfg       Config
	mu        sync.RWMutex
	functions map[string]handler.FunctionHandler
}

// New returns a gateway with no functions.
func New(cfg Config) *Gateway {
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	return &Gateway{cfg: cfg, functions: map[string]handler.FunctionHandler{}}
}

// Register serves f at /function/<name>.
func (g *Gateway) Register(name string, f handler.FunctionHandler) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.functions[name] = f
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

func newCallID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s-%s-%s-%s-%s", hex.EncodeToString(b[0:4]), hex.EncodeToString(b[4:6]),
		hex.EncodeToString(b[6:8]), hex.EncodeToString(b[8:10]), hex.EncodeToString(b[10:]))
}

func writeProblem(w http.ResponseWriter, p *httpapi.Problem) {
	writeResponse(w, httpapi.Error(p))
}

func writeResponse(w http.ResponseWriter, resp handler.Response) {
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	status := resp.StatusCode
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	_, _ = w.Write(resp.Body)
}
