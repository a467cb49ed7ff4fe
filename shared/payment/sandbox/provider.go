package sandbox

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
)

// Provider is the sandbox payment provider. Make it with New; it is safe
// for concurrent use.
type Provider struct {
	cfg     Config
	mux     *http.ServeMux
	journal journal
	faults  faultState

	mu        sync.Mutex
	refunds   map[string]*refund // by Idempotency-Key
	refundIDs map[string]*refund // by refund_id
	events    map[string]Event   // every event sent, by event_id
	txnOrders map[string]string  // order_id of each txn_id paid
}

// New returns a Provider serving its routes below cfg.Prefix. It fails
// when cfg has no valid WebhookURL or no Secrets function.
func New(cfg Config) (*Provider, error) {
	cfg.setDefaults()
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("sandbox payment provider: %w", err)
	}
	p := &Provider{
		cfg:       cfg,
		mux:       http.NewServeMux(),
		journal:   journal{max: cfg.MaxCalls},
		refunds:   map[string]*refund{},
		refundIDs: map[string]*refund{},
		events:    map[string]Event{},
		txnOrders: map[string]string{},
	}
	p.faults.set(Faults{})
	p.routes()
	return p, nil
}

// ServeHTTP serves the routes listed in the package documentation.
func (p *Provider) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mux.ServeHTTP(w, r)
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
func (p *Provider) routes() {
	table := []route{
		{"POST", "/refunds", KindRefund, p.handleRefund},
		{"POST", "/refunds/{refund_id}/complete", KindComplete, p.handleComplete},
		{"POST", "/pay", KindPay, p.handlePay},
		{"POST", "/redeliver/{event_id}", KindRedeliver, p.handleRedeliver},
		{"GET", "/calls", "", p.handleCalls},
		{"DELETE", "/calls", "", p.handleClearCalls},
		{"GET", "/faults", "", p.handleGetFaults},
		{"POST", "/faults", KindFaults, p.handleSetFaults},
		{"DELETE", "/faults", KindFaults, p.handleClearFaults},
	}
	allowed := map[string][]string{}
	for _, rt := range table {
		p.mux.Handle(rt.method+" "+p.cfg.Prefix+rt.path, p.serve(rt.kind, rt.h))
		allowed[rt.path] = append(allowed[rt.path], rt.method)
	}
	for path, methods := range allowed {
		sort.Strings(methods)
		p.mux.HandleFunc(p.cfg.Prefix+path, methodNotAllowed(strings.Join(methods, ", ")))
	}
	p.mux.HandleFunc(p.cfg.Prefix+"/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "not_found", "no such sandbox payment route")
	})
}

// methodNotAllowed answers 405 naming the allowed methods.
func methodNotAllowed(allow string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allow)
		writeError(w, http.StatusMethodNotAllowed, "method_not_allowed", "use "+allow)
	}
}

// Calls returns the recorded calls, oldest first.
func (p *Provider) Calls() []Call { return p.journal.list("") }

// ClearCalls forgets the recorded calls.
func (p *Provider) ClearCalls() { p.journal.clear() }

// Faults returns what is armed.
func (p *Provider) Faults() Faults { return p.faults.get() }

// SetFaults replaces what is armed (a zero Status means 503).
func (p *Provider) SetFaults(f Faults) { p.faults.set(f) }
