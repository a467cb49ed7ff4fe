package sandbox_test

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ordercenter/ordercenter/shared/payment/sandbox"
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
		call := func() *httptest.ResponseRecorder {
			req := httptest.NewRequest("POST", "/refunds", strings.NewReader(body))
			req.Header.Set("Idempotency-Key", key)
			rec := httptest.NewRecorder()
			p.ServeHTTP(rec, req)
			return rec
		}
		first := call()
		switch first.Code {
		case 200, 400, 409, 422:
		default:
			t.Fatalf("status %d for %q %q", first.Code, key, body)
		}
		if !json.Valid(first.Body.Bytes()) {
			t.Fatalf("answer is not JSON: %q", first.Body)
		}
		if first.Code == 200 {
			if again := call(); again.Code != 200 || again.Body.String() != first.Body.String() {
				t.Fatalf("replay %d %q, first %q", again.Code, again.Body, first.Body)
			}
		}
	})
}
