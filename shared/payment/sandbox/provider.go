package sandbox

import (
	"fmt"
	"net/http"
	"sync"

	"github.com/ordercenter/ordercenter/shared/sandbox/faults"
	"github.com/ordercenter/ordercenter/shared/sandbox/journal"
	"github.com/ordercenter/ordercenter/shared/sandbox/route"
)

// Provider is the sandbox payment provider. Make it with New; it is safe
// for concurrent use.
type Provider struct {
	cfg     Config
	mux     *http.ServeMux
	journal *journal.Journal
	faults  *faults.Board[Faults, *Faults]

	mu        sync.Mutex
	refunds   map[string]*refund   // by Idempotency-Key
	refundIDs map[string]*refund   // by refund_id
	events    map[string]Event     // every event sent, by event_id
	txnOrders map[string]string    // order_id of each txn_id paid
	payments  map[string][]Payment // by order_id, oldest first
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
		journal:   journal.New(journal.Config{Max: cfg.MaxCalls, Now: cfg.Now, Directions: true}),
		faults:    faults.New[Faults]("the sandbox provider", cfg.MaxHang),
		refunds:   map[string]*refund{},
		refundIDs: map[string]*refund{},
		events:    map[string]Event{},
		txnOrders: map[string]string{},
		payments:  map[string][]Payment{},
	}
	p.mux = p.routes()
	return p, nil
}

// ServeHTTP serves the refund API and the routes that drive and inspect
// the provider, listed in the package documentation.
func (p *Provider) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mux.ServeHTTP(w, r)
}

// routes serves every route, recording the calls of those with a kind.
func (p *Provider) routes() *http.ServeMux {
	rec := p.journal.Record
	return route.Mux(p.cfg.Prefix, "no such sandbox payment route", map[string]http.Handler{
		"POST /refunds":                      rec(KindRefund, p.handleRefund),
		"POST /refunds/{refund_id}/complete": rec(KindComplete, p.handleComplete),
		"POST /pay":                          rec(KindPay, p.handlePay),
		"POST /redeliver/{event_id}":         rec(KindRedeliver, p.handleRedeliver),
		"GET /payments":                      http.HandlerFunc(p.handlePayments),
		"GET /refunds/{refund_id}":           http.HandlerFunc(p.handleRefundQuery),
		"GET /ledger":                        http.HandlerFunc(p.handleLedger),
	}, p.journal.Routes(), p.faults.Routes(p.journal))
}

// Calls returns the calls the provider received and the webhooks it sent,
// oldest first.
func (p *Provider) Calls() []Call { return p.journal.List("") }

// RefundCount counts the refund calls received under one Idempotency-Key.
type RefundCount struct {
	// Calls is how many came.
	Calls int
	// Executed is how many the provider carried out: not failed by an
	// armed fault, not answered by a replay.
	Executed int
}

// Refunds counts the refund calls received under the Idempotency-Key
// key, as the journal recorded them.
func (p *Provider) Refunds(key string) RefundCount {
	var n RefundCount
	for _, c := range p.Calls() {
		if c.Kind != KindRefund || c.IdempotencyKey != key {
			continue
		}
		n.Calls++
		if !c.Replayed && c.Fault != faults.Fail {
			n.Executed++
		}
	}
	return n
}

// ClearCalls forgets the calls and webhooks recorded; their numbering
// goes on.
func (p *Provider) ClearCalls() { p.journal.Clear() }

// Faults returns what is armed on the next refund calls.
func (p *Provider) Faults() Faults { return p.faults.Get() }

// SetFaults replaces what is armed on the next refund calls (a zero Status
// means 503).
func (p *Provider) SetFaults(f Faults) { p.faults.Set(f) }
