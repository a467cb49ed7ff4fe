package journal

import (
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/ordercenter/ordercenter/shared/httpapi"
)

// DefaultMax is how many recorded calls a Journal keeps by default.
const DefaultMax = 1000

// Config is what a Journal needs; every field has a default.
type Config struct {
	// Max is how many calls are kept, the oldest dropped first; default
	// DefaultMax.
	Max int
	// Now is the clock of the calls Record records; default time.Now.
	Now func() time.Time
	// Directions marks the calls Record records as Received, for a
	// sandbox that also records the calls it sends.
	Directions bool
}

// Journal keeps the last calls recorded. Make it with New; it is safe for
// concurrent use.
type Journal struct {
	cfg   Config
	mu    sync.Mutex
	seq   int64
	calls []Call
}

// New returns an empty Journal.
func New(cfg Config) *Journal {
	if cfg.Max <= 0 {
		cfg.Max = DefaultMax
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Journal{cfg: cfg}
}

// Add records c, numbering it, and drops the oldest call beyond the
// most kept.
func (j *Journal) Add(c Call) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.seq++
	c.Seq = j.seq
	j.calls = append(j.calls, c)
	if len(j.calls) > j.cfg.Max {
		j.calls = j.calls[len(j.calls)-j.cfg.Max:]
	}
}

// List returns the calls of kind (all of them when kind is empty), oldest
// first; never nil.
func (j *Journal) List(kind string) []Call {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := make([]Call, 0, len(j.calls))
	for _, c := range j.calls {
		if kind == "" || c.Kind == kind {
			out = append(out, c)
		}
	}
	return slices.Clip(out)
}

// Clear forgets every call; numbering goes on.
func (j *Journal) Clear() {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.calls = nil
}

// HandleList serves GET <prefix>/calls: the calls, oldest first, as a
// JSON list; ?kind= keeps one kind.
func (j *Journal) HandleList(w http.ResponseWriter, r *http.Request) {
	httpapi.WriteJSON(w, http.StatusOK, j.List(r.URL.Query().Get("kind")))
}

// HandleClear serves DELETE <prefix>/calls: it forgets the calls.
func (j *Journal) HandleClear(w http.ResponseWriter, r *http.Request) {
	j.Clear()
	w.WriteHeader(http.StatusNoContent)
}

// Routes are GET and DELETE /calls, for route.Mux; neither is recorded.
func (j *Journal) Routes() map[string]http.Handler {
	return map[string]http.Handler{
		"GET /calls":    j.Record("", j.HandleList),
		"DELETE /calls": j.Record("", j.HandleClear),
	}
}
