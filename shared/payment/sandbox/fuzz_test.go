package sandbox_test

import (
	"testing"

	"github.com/ordercenter/ordercenter/shared/payment/sandbox"
	"github.com/ordercenter/ordercenter/shared/sandbox/sandboxtest"
)

// FuzzRefundCall feeds arbitrary bodies and keys to POST /refunds: it never
// panics, answers only 200, 400, 409 or 422, always in JSON, and replays
// what it accepted.
func FuzzRefundCall(f *testing.F) {
	f.Add("rf-1", refundBody("rf-1", 100))
	f.Add("", `{"refund_id":"a","txn_id":"t","amount":-1}`)
	f.Add("k", `[1,2]`)
	f.Add("k", `{"refund_id":"a","txn_id":"t","amount":1,"currency":"CNY"} x`)
	p, err := sandbox.New(sandbox.Config{WebhookURL: "http://127.0.0.1:1/", Secrets: func() [][]byte { return nil }})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, key, body string) {
		first := sandboxtest.Call(p, "/refunds", key, body)
		sandboxtest.CheckJSON(t, first, 200, 400, 409, 422)
		if first.Code == 200 {
			if again := sandboxtest.Call(p, "/refunds", key, body); again.Code != 200 || again.Body.String() != first.Body.String() {
				t.Fatalf("replay %d %q, first %q", again.Code, again.Body, first.Body)
			}
		}
	})
}
