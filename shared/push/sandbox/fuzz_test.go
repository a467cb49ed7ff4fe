package sandbox_test

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ordercenter/ordercenter/shared/push/sandbox"
)

// FuzzPushCall feeds arbitrary bodies and keys to POST /push: it never
// panics, answers only 202, 400, 409 or 422, always in JSON, and delivers
// what it accepted once.
func FuzzPushCall(f *testing.F) {
	f.Add("n-1", pushBody("n-1", "user", "u-1", "o-1"))
	f.Add("", `{"notification_id":"a","recipient":{"kind":"robot"}}`)
	f.Add("k", `{"recipient":null}`)
	g, err := sandbox.New(sandbox.Config{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, key, body string) {
		call := func() *httptest.ResponseRecorder {
			req := httptest.NewRequest("POST", "/push", strings.NewReader(body))
			req.Header.Set("Idempotency-Key", key)
			rec := httptest.NewRecorder()
			g.ServeHTTP(rec, req)
			return rec
		}
		first := call()
		switch first.Code {
		case 202, 400, 409, 422:
		default:
			t.Fatalf("status %d for %q %q", first.Code, key, body)
		}
		if !json.Valid(first.Body.Bytes()) {
			t.Fatalf("answer is not JSON: %q", first.Body)
		}
		if first.Code == 202 {
			if again := call(); again.Code != 202 || again.Header().Get("Idempotent-Replayed") != "true" {
				t.Fatalf("replay %d %q", again.Code, again.Body)
			}
		}
	})
}
