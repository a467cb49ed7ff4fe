package sandbox

import (
	"errors"
	"net/http"
)

// readPush reads a push call's key and body, listing what is wrong.
func readPush(r *http.Request) (string, Push, problems) {
	key := r.Header.Get("Idempotency-Key")
	var ps problems
	if !keyPattern.MatchString(key) {
		ps.add("Idempotency-Key", "header required: 1 to 255 visible ASCII characters")
	}
	var p Push
	if err := decode(r, &p); err != nil {
		ps.add("body", err.Error())
	} else {
		ps = append(ps, p.validate()...)
	}
	return key, p, ps
}

// pushCall takes one push call and returns how to answer it.
func (g *Gateway) pushCall(r *http.Request, call *Call) func(http.ResponseWriter) {
	key, p, ps := readPush(r)
	if len(ps) > 0 {
		return func(w http.ResponseWriter) { writeInvalid(w, ps) }
	}
	duplicate, err := g.deliver(key, p)
	switch {
	case errors.Is(err, errKeyReused):
		return func(w http.ResponseWriter) {
			writeError(w, http.StatusUnprocessableEntity, "idempotency_key_reused", "this Idempotency-Key was used with another body")
		}
	case errors.Is(err, errIDTaken):
		return func(w http.ResponseWriter) {
			writeError(w, http.StatusConflict, "conflict", "this notification_id was delivered under another Idempotency-Key")
		}
	}
	call.Duplicate = duplicate
	return func(w http.ResponseWriter) {
		if duplicate {
			w.Header().Set("Idempotent-Replayed", "true")
		}
		writeJSON(w, http.StatusAccepted, accepted{NotificationID: p.NotificationID, Status: "accepted"})
	}
}
