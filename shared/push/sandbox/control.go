package sandbox

import (
	"net/http"
	"strings"
)

// Notifications returns the pushes delivered, oldest first: all of them,
// or those for recipient ("<kind>:<id>", empty for all) and orderID (empty
// for all). They are copies.
func (g *Gateway) Notifications(recipient, orderID string) []Notification {
	g.mu.Lock()
	defer g.mu.Unlock()
	out := []Notification{}
	for _, n := range g.received {
		if (recipient == "" || n.Recipient.Kind+":"+n.Recipient.ID == recipient) &&
			(orderID == "" || n.Data.OrderID == orderID) {
			out = append(out, *n)
		}
	}
	return out
}

// handleNotifications answers the pushes delivered, as a JSON list, for
// ?recipient=<kind>:<id> and ?order_id= when given.
func (g *Gateway) handleNotifications(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	recipient := q.Get("recipient")
	if kind, id, ok := strings.Cut(recipient, ":"); recipient != "" && (!ok || id == "" ||
		(kind != RecipientUser && kind != RecipientMerchant && kind != RecipientRider)) {
		writeInvalid(w, problems{{Field: "recipient", Problem: "must be <kind>:<id>, kind user, merchant or rider"}})
		return
	}
	writeJSON(w, http.StatusOK, g.Notifications(recipient, q.Get("order_id")))
}

// handleCalls answers the recorded calls, oldest first, as a JSON list.
func (g *Gateway) handleCalls(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, g.journal.list())
}

// handleClearCalls forgets the recorded calls.
func (g *Gateway) handleClearCalls(w http.ResponseWriter, r *http.Request) {
	g.journal.clear()
	w.WriteHeader(http.StatusNoContent)
}

// handleGetFaults answers what is armed.
func (g *Gateway) handleGetFaults(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, g.faults.get())
}

// handleSetFaults arms the faults the body names and answers what is armed.
func (g *Gateway) handleSetFaults(w http.ResponseWriter, r *http.Request) {
	var u faultUpdate
	if err := decode(r, &u); err != nil {
		writeInvalid(w, problems{{Field: "body", Problem: err.Error()}})
		return
	}
	if ps := u.validate(); len(ps) > 0 {
		writeInvalid(w, ps)
		return
	}
	writeJSON(w, http.StatusOK, g.faults.update(u))
}

// handleClearFaults disarms every fault and answers what is armed.
func (g *Gateway) handleClearFaults(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, g.faults.set(Faults{}))
}
