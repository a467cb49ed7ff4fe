package sandbox

import "net/http"

// handleCalls answers the recorded calls, oldest first, as a JSON list;
// ?kind= keeps one kind.
func (p *Provider) handleCalls(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, p.journal.list(r.URL.Query().Get("kind")))
}

// handleClearCalls forgets the recorded calls.
func (p *Provider) handleClearCalls(w http.ResponseWriter, r *http.Request) {
	p.journal.clear()
	w.WriteHeader(http.StatusNoContent)
}

// handleGetFaults answers what is armed.
func (p *Provider) handleGetFaults(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, p.faults.get())
}

// handleSetFaults arms the faults the body names and answers what is armed.
func (p *Provider) handleSetFaults(w http.ResponseWriter, r *http.Request) {
	var u faultUpdate
	if err := decode(r, &u); err != nil {
		writeInvalid(w, problems{{Field: "body", Problem: err.Error()}})
		return
	}
	if ps := u.validate(); len(ps) > 0 {
		writeInvalid(w, ps)
		return
	}
	writeJSON(w, http.StatusOK, p.faults.update(u))
}

// handleClearFaults disarms every fault and answers what is armed.
func (p *Provider) handleClearFaults(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, p.faults.set(Faults{}))
}
