package sandboxtest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// Call serves one POST of body to path under Idempotency-Key key on h, in
// memory.
func Call(h http.Handler, path, key, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("POST", path, strings.NewReader(body))
	req.Header.Set("Idempotency-Key", key)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// CheckJSON fails the test unless rec answered one of statuses, in JSON.
func CheckJSON(t testing.TB, rec *httptest.ResponseRecorder, statuses ...int) {
	t.Helper()
	if !slices.Contains(statuses, rec.Code) {
		t.Fatalf("status %d: %q", rec.Code, rec.Body)
	}
	if !json.Valid(rec.Body.Bytes()) {
		t.Fatalf("answer is not JSON: %q", rec.Body)
	}
}
