package sandbox

import (
	"errors"
	"net/http"

	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/sandbox/idempotency"
)

// pushCall takes one push call and returns how to answer it.
func (g *Gateway) pushCall(r *http.Request, call *Call) func(http.ResponseWriter) {
	key, p, ps := idempotency.Read(r, (*Push).validate)
	if len(ps) > 0 {
		return func(w http.ResponseWriter) { httpapi.WriteError(w, ps.Invalid()) }
	}
	duplicate, err := g.deliver(key, p)
	switch {
	case errors.Is(err, idempotency.ErrKeyReused):
		return idempotency.KeyReused
	case errors.Is(err, errIDTaken):
		return func(w http.ResponseWriter) {
			httpapi.WriteError(w, &httpapi.Problem{Code: httpapi.CodeConflict,
				Message: "this notification_id was delivered under another Idempotency-Key"})
		}
	}
	call.Duplicate = duplicate
	return func(w http.ResponseWriter) {
		idempotency.Answer(w, http.StatusAccepted, accepted{NotificationID: p.NotificationID, Status: "accepted"}, duplicate)
	}
}
