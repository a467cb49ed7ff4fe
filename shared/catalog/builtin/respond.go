package builtin

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// onlyGet lets GET and HEAD through to h and answers 405 to the rest.
func onlyGet(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			writeError(w, http.StatusMethodNotAllowed, "method_not_allowed", "only GET and HEAD are served")
			return
		}
		h(w, r)
	}
}

// errorBody is the contract's error shape (section 4).
type errorBody struct {
	Error errorDetail `json:"error"`
}

// errorDetail is the inside of errorBody.
type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// writeError answers status with the contract's error body.
func writeError(w http.ResponseWriter, status int, code, message string) {
	writeJSON(w, status, errorBody{Error: errorDetail{Code: code, Message: message}})
}

// writeJSON answers status with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		body = []byte(`{"error":{"code":"internal","message":"internal error"}}`)
	}
	body = append(body, '\n')
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
