package sandbox

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/sandbox/idempotency"
	"github.com/ordercenter/ordercenter/shared/sandbox/journal"
)

// Recipient kinds (contract section 12).
const (
	RecipientUser     = "user"
	RecipientMerchant = "merchant"
	RecipientRider    = "rider"
)

// Recipient is who a push is for.
type Recipient struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
}

// Data is what a push is about.
type Data struct {
	OrderID string `json:"order_id"`
	Event   string `json:"event"`
}

// Push is the body of POST /push (contract section 12).
type Push struct {
	NotificationID string    `json:"notification_id"`
	Recipient      Recipient `json:"recipient"`
	Title          string    `json:"title"`
	Body           string    `json:"body"`
	Data           Data      `json:"data"`
}

// Notification is a push delivered, as GET /notifications lists it.
type Notification struct {
	Push
	IdempotencyKey string    `json:"idempotency_key"`
	ReceivedAt     time.Time `json:"received_at"`
	// Duplicates counts later calls under the same key: answered again,
	// not delivered again.
	Duplicates int `json:"duplicates"`
}

// accepted is the 202 answer of POST /push.
type accepted struct {
	NotificationID string `json:"notification_id"`
	Status         string `json:"status"`
}

// errIDTaken is the error of deliver answered 409; it also returns
// idempotency.ErrKeyReused.
var errIDTaken = errors.New("notification id delivered under another idempotency key")

// validate lists what is wrong with p.
func (p Push) validate() httpapi.Details {
	var ps httpapi.Details
	text := func(field, v string, max int) {
		if v == "" || len(v) > max {
			ps.Add(field, "required, at most "+strconv.Itoa(max)+" bytes")
		}
	}
	text("notification_id", p.NotificationID, 128)
	switch p.Recipient.Kind {
	case RecipientUser, RecipientMerchant, RecipientRider:
	default:
		ps.Add("recipient.kind", "must be user, merchant or rider")
	}
	text("recipient.id", p.Recipient.ID, 128)
	text("title", p.Title, 256)
	if len(p.Body) > 4096 {
		ps.Add("body", "at most 4096 bytes")
	}
	text("data.order_id", p.Data.OrderID, 128)
	text("data.event", p.Data.Event, 64)
	return ps
}

// deliver delivers p under key once: the first call keeps it, later calls
// with the same body count as duplicates (duplicate true).
func (g *Gateway) deliver(key string, p Push) (duplicate bool, err error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if n, ok := g.byKey[key]; ok {
		if n.Push != p {
			return false, idempotency.ErrKeyReused
		}
		n.Duplicates++
		return true, nil
	}
	if _, ok := g.byID[p.NotificationID]; ok {
		return false, errIDTaken
	}
	n := &Notification{Push: p, IdempotencyKey: key, ReceivedAt: g.cfg.Now().UTC()}
	g.byKey[key], g.byID[p.NotificationID] = n, n
	g.received = append(g.received, n)
	return false, nil
}

// handlePush serves POST /push, applying the armed faults.
func (g *Gateway) handlePush(w http.ResponseWriter, r *http.Request) {
	g.faults.Serve(w, r, func() func(http.ResponseWriter) { return g.pushCall(r, journal.Note(r.Context())) })
}
