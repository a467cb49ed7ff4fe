package faults

import (
	"net/http"

	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/sandbox/journal"
)

// maxCount is the most calls a counter may be armed for.
const maxCount = 1_000_000

// Routes are GET, POST and DELETE /faults, for route.Mux; j records the
// POST and DELETE calls as Kind.
func (b *Board[F, P]) Routes(j *journal.Journal) map[string]http.Handler {
	return map[string]http.Handler{
		"GET /faults":    j.Record("", b.HandleGet),
		"POST /faults":   j.Record(Kind, b.HandleSet),
		"DELETE /faults": j.Record(Kind, b.HandleClear),
	}
}

// HandleGet serves GET <prefix>/faults: what is armed.
func (b *Board[F, P]) HandleGet(w http.ResponseWriter, r *http.Request) {
	httpapi.WriteJSON(w, http.StatusOK, b.Get())
}

// HandleSet serves POST <prefix>/faults: it arms what the body names,
// leaves what it leaves out as it is, and answers what is armed. Counters
// must be 0 to 1000000 and the status 400 to 599; a body that breaks
// either, or names anything else, changes nothing and answers 400.
func (b *Board[F, P]) HandleSet(w http.ResponseWriter, r *http.Request) {
	b.mu.Lock()
	defer b.mu.Unlock()
	next := b.f
	if err := httpapi.ReadJSON(r.Body, &next); err != nil {
		httpapi.WriteError(w, httpapi.Details{{Field: "body", Problem: err.Error()}}.Invalid())
		return
	}
	if ps := changeProblems(P(&b.f).Fields(), P(&next).Fields()); len(ps) > 0 {
		httpapi.WriteError(w, ps.Invalid())
		return
	}
	b.f = next
	httpapi.WriteJSON(w, http.StatusOK, b.f)
}

// HandleClear serves DELETE <prefix>/faults: it disarms everything and
// answers what is armed.
func (b *Board[F, P]) HandleClear(w http.ResponseWriter, r *http.Request) {
	httpapi.WriteJSON(w, http.StatusOK, b.Set(*new(F)))
}

// changeProblems lists what is wrong with the values next changes from
// old: a value the body repeats stands as it was.
func changeProblems(old, next Fields) httpapi.Details {
	var ps httpapi.Details
	was := old.counters()
	for i, c := range next.counters() {
		if *c.N != *was[i].N && (*c.N < 0 || *c.N > maxCount) {
			ps.Add(c.Name, "must be 0 to 1000000")
		}
	}
	if *next.Status != *old.Status && (*next.Status < 400 || *next.Status > 599) {
		ps.Add("status", "must be 400 to 599")
	}
	return ps
}
