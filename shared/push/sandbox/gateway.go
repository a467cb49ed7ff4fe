package sandbox

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
)

// Gateway is the sandbox push gateway. Make it with New; it is safe for
// concurrent use.
type Gateway struct {
	cfg     Config
	mux     *http.ServeMux
	journal journal
	faults  faultState

	mu       sync.Mutex
	byKey    map[string]*Notification // by Idempotency-Key
	byID     map[string]*Notification // by notification_id
	received []*Notification          // in the order delivered
}

// New returns a Gateway serving its routes below cfg.Prefix.
func New(cfg Config) (*Gateway, error) {
	cfg.setDefaults()
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("sandbox push gateway: %w", err)
	}
	g := &Gateway{
		cfg:     cfg,
		mux:     http.NewServeMux(),
		journal: journal{max: cfg.MaxCalls},
		byKey:   map[string]*Notification{},
		byID:    map[string]*Notification{},
	}
	g.faults.set(Faults{})
	g.routes()
	return g, nil
}

// ServeHTTP serves the routes listed in the package documentation.
func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g.mux.ServeHTTP(w, r)
}

// route is one method and path (below the prefix) and what serves it; a
// non-empty kind records its calls.
type route struct {
	method, path, kind string
	h                  http.HandlerFunc
}

// routes registers every route, a 405 for other methods on their paths,
// and a 404 for every other path below the prefix, all in the contract's
// error shape.
func (g *Gateway) routes() {
	table := []route{
		{"POST", "/push", KindPush, g.handlePush},
		{"GET", "/notifications", "", g.handleNotifications},
		{"GET", "/calls", "", g.handleCalls},
		{"DELETE", "/calls", "", g.handleClearCalls},
		{"GET", "/faults", "", g.handleGetFaults},
		{"POST", "/faults", KindFaults, g.handleSetFaults},
		{"DELETE", "/faults", KindFaults, g.handleClearFaults},
	}
	allowed := map[string][]string{}
	for _, rt := range table {
		g.mux.Handle(rt.method+" "+g.cfg.Prefix+rt.path, g.serve(rt.kind, rt.h))
		allowed[rt.path] = append(allowed[rt.path], rt.method)
	}
	for path, methods := range allowed {
		sort.Strings(methods)
		allow := strings.Join(methods, ", ")
		g.mux.HandleFunc(g.cfg.Prefix+path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", allow)
			writeError(w, http.StatusMethodNotAllowed, "method_not_allowed", "use "+allow)
		})
	}
	g.mux.HandleFunc(g.cfg.Prefix+"/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "not_found", "no such sandbox push route")
	})
}

// Calls returns the recorded calls, oldest first.
func (g *Gateway) Calls() []Call { return g.journal.list() }

// ClearCalls forgets the recorded calls.
func (g *Gateway) ClearCalls() { g.journal.clear() }

// Faults returns what is armed.
func (g *Gateway) Faults() Faults { return g.faults.get() }

// SetFaults replaces what is armed (a zero Status means 503).
func (g *Gateway) SetFaults(f Faults) { g.faults.set(f) }
