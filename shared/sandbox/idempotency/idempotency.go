// Package idempotency holds what the sandboxes' idempotent calls share:
// the Idempotency-Key header read with the JSON body, and the answers of a
// key reused with another body and of a replay.
package idempotency

import (
	"errors"
	"net/http"
	"regexp"

	"github.com/ordercenter/ordercenter/shared/httpapi"
)

// Header is the header that carries the key.
const Header = "Idempotency-Key"

// keyPattern is what a key looks like: the contract's keys, with room for
// other callers' longer ones.
var keyPattern = regexp.MustCompile(`^[\x21-\x7e]{1,255}$`)

// ErrKeyReused is the error of a key used before with another body;
// KeyReused answers it.
var ErrKeyReused = errors.New("idempotency key reused with another body")

// Read reads a call's key (1 to 255 visible ASCII characters) and JSON
// body, listing what is wrong with either; validate lists what is wrong
// with a body that decoded, and may fill its defaults.
func Read[T any](r *http.Request, validate func(*T) httpapi.Details) (key string, body T, ps httpapi.Details) {
	key = r.Header.Get(Header)
	if !keyPattern.MatchString(key) {
		ps.Add(Header, "header required: 1 to 255 visible ASCII characters")
	}
	if err := httpapi.ReadJSON(r.Body, &body); err != nil {
		ps.Add("body", err.Error())
	} else {
		ps = append(ps, validate(&body)...)
	}
	return key, body, ps
}

// KeyReused answers ErrKeyReused: 422 idempotency_key_reused.
func KeyReused(w http.ResponseWriter) {
	httpapi.WriteError(w, &httpapi.Problem{Code: httpapi.CodeIdempotencyKeyReused,
		Message: "this Idempotency-Key was used with another body"})
}

// Answer answers status with v, with Idempotent-Replayed: true when
// replayed.
func Answer(w http.ResponseWriter, status int, v any, replayed bool) {
	if replayed {
		w.Header().Set("Idempotent-Replayed", "true")
	}
	httpapi.WriteJSON(w, status, v)
}
