package sandbox

import (
	"errors"
	"net/http"

	"github.com/ordercenter/ordercenter/shared/httpapi"
)

// readPush reads a push call's key and body, listing what is wrong.
func readPush(r *http.Request) (string, Push, httpapi.Details) {
	key := r.Header.Get("Idempotency-Key")
	var ps httpapi.Details
	if !keyPattern.MatchString(key) {
		ps.Add("Idempotency-Key", "header required: 1 to 255 visible ASCII characters")
	}
	var p Push
	if err := httpapi.ReadJSON(r.Body, &p); err != nil {
		ps.Add("body", err.Error())
	} else {
		ps = append(ps, p.validate()...)
	}
	return key, p, ps
}

// pushCall takes one push call and returns how to answer it.
func (g *Gateway) pushCall(r *http.Request, call *Call) func(http.ResponseWriter) {
	key, p, ps := readPush(r)
	if len(ps) > 0 {
		return func(w http.ResponseWriter) { httpapi.WriteError(w, ps.Invalid()) }
	}
	duplicate, err := g.deliver(key, p)
	switch {
	case errors.Is(err, errKeyReused):
		return func(w http.ResponseWriter) {
			httpapi.WriteError(w, &httpapi.Problem{Code: httpapi.CodeIdempotencyKeyReused,
				Message: "this Idempotency-Key was used with another body"})
		}
	case errors.Is(err, errIDTaken):
		return func(w http.ResponseWriter) {
			httpapi.WriteError(w, &httpapi.Problem{Code: httpapi.CodeConflict,
				Message: "this notification_id was delivered under another Idempotency-Key"})
		}
	}
	call.Duplicate = duplicate
	return func(w http.ResponseWriter) {
		if duplicate {
			w.Header().Set("Idempotent-Replayed", "true")
		}
		httpapi.WriteJSON(w, http.StatusAccepted, accepted{NotificationID: p.NotificationID, Status: "accepted"})
	}
}
