package sandbox_test

import (
	"testing"

	"github.com/ordercenter/ordercenter/shared/push/sandbox"
	"github.com/ordercenter/ordercenter/shared/sandbox/sandboxtest"
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
		first := sandboxtest.Call(g, "/push", key, body)
		sandboxtest.CheckJSON(t, first, 202, 400, 409, 422)
		if first.Code == 202 {
			if again := sandboxtest.Call(g, "/push", key, body); again.Code != 202 || again.Header().Get("Idempotent-Replayed") != "true" {
				t.Fatalf("replay %d %q", again.Code, again.Body)
			}
		}
	})
}
