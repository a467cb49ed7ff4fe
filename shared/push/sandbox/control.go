package sandbox

import (
	"net/http"
	"strings"

	"github.com/ordercenter/ordercenter/shared/httpapi"
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
		httpapi.WriteError(w, httpapi.Details{{Field: "recipient", Problem: "must be <kind>:<id>, kind user, merchant or rider"}}.Invalid())
		return
	}
	httpapi.WriteJSON(w, http.StatusOK, g.Notifications(recipient, q.Get("order_id")))
}
