package sandbox

import (
	"fmt"
	"net/http"
	"sync"

	"github.com/ordercenter/ordercenter/shared/sandbox/faults"
	"github.com/ordercenter/ordercenter/shared/sandbox/journal"
	"github.com/ordercenter/ordercenter/shared/sandbox/route"
)

// Gateway is the sandbox push gateway. Make it with New; it is safe for
// concurrent use.
type Gateway struct {
	cfg     Config
	mux     *http.ServeMux
	journal *journal.Journal
	faults  *faults.Board[Faults, *Faults]

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
		journal: journal.New(journal.Config{Max: cfg.MaxCalls, Now: cfg.Now}),
		faults:  faults.New[Faults]("the sandbox push gateway", cfg.MaxHang),
		byKey:   map[string]*Notification{},
		byID:    map[string]*Notification{},
	}
	g.mux = g.routes()
	return g, nil
}

// ServeHTTP serves the push API and the routes that inspect and drive the
// gateway, listed in the package documentation.
func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g.mux.ServeHTTP(w, r)
}

// routes serves every route, recording the calls of those with a kind.
func (g *Gateway) routes() *http.ServeMux {
	rec := g.journal.Record
	return route.Mux(g.cfg.Prefix, "no such sandbox push route", map[string]http.Handler{
		"POST /push":         rec(KindPush, g.handlePush),
		"GET /notifications": rec("", g.handleNotifications),
	}, g.journal.Routes(), g.faults.Routes(g.journal))
}

// Calls returns the calls the gateway received, oldest first.
func (g *Gateway) Calls() []Call { return g.journal.List("") }

// ClearCalls forgets the calls recorded, not the notifications delivered;
// their numbering goes on.
func (g *Gateway) ClearCalls() { g.journal.Clear() }

// Faults returns what is armed on the next push calls.
func (g *Gateway) Faults() Faults { return g.faults.Get() }

// SetFaults replaces what is armed on the next push calls (a zero Status
// means 503).
func (g *Gateway) SetFaults(f Faults) { g.faults.Set(f) }
