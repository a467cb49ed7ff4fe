package sandbox_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/ordercenter/ordercenter/shared/payment/sandbox"
	"github.com/ordercenter/ordercenter/shared/sandbox/sandboxtest"
)

func TestRefundIsIdempotent(t *testing.T) {
	f := newFixture(t, nil)
	first := f.Do(t, "POST", "/refunds", refundBody("rf-1", 1200), "Idempotency-Key", "rf-1")
	if first.Status != http.StatusOK || string(first.Body) != `{"refund_id":"rf-1","status":"succeeded"}`+"\n" {
		t.Fatalf("first refund: %d %s", first.Status, first.Body)
	}
	// The same body, spelled differently, replays the first answer.
	again := f.Do(t, "POST", "/refunds", `{ "currency":"CNY", "amount":1200, "txn_id":"txn-1", "refund_id":"rf-1" }`,
		"Idempotency-Key", "rf-1")
	if again.Status != http.StatusOK || string(again.Body) != string(first.Body) || again.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("replay: %d %q %s", again.Status, again.Header.Get("Idempotent-Replayed"), again.Body)
	}
	if a := f.Do(t, "POST", "/refunds", refundBody("rf-1", 1300), "Idempotency-Key", "rf-1"); a.Status != http.StatusUnprocessableEntity ||
		a.ErrorCode(t) != "idempotency_key_reused" {
		t.Fatalf("same key, other body: %d %s", a.Status, a.Body)
	}
	if a := f.Do(t, "POST", "/refunds", refundBody("rf-1", 1200), "Idempotency-Key", "other-key"); a.Status != http.StatusConflict ||
		a.ErrorCode(t) != "conflict" {
		t.Fatalf("same refund id, other key: %d %s", a.Status, a.Body)
	}
	calls := f.p.Calls()
	if len(calls) != 4 || calls[0].Replayed || !calls[1].Replayed || calls[0].IdempotencyKey != "rf-1" {
		t.Fatalf("calls: %+v", calls)
	}
}

func TestRefundConcurrentRetriesRefundOnce(t *testing.T) {
	f := newFixture(t, nil)
	var wg sync.WaitGroup
	answers := make([]sandboxtest.Answer, 16)
	for i := range answers {
		wg.Go(func() {
			answers[i] = f.Do(t, "POST", "/refunds", refundBody("rf-race", 500), "Idempotency-Key", "rf-race")
		})
	}
	wg.Wait()
	fresh := 0
	for _, a := range answers {
		if a.Status != http.StatusOK || string(a.Body) != string(answers[0].Body) {
			t.Fatalf("answer %d %s differs from %s", a.Status, a.Body, answers[0].Body)
		}
		if a.Header.Get("Idempotent-Replayed") == "" {
			fresh++
		}
	}
	if fresh != 1 {
		t.Fatalf("%d calls made a refund, want 1", fresh)
	}
}

func TestRefundRejectsBadRequests(t *testing.T) {
	f := newFixture(t, nil)
	key := []string{"Idempotency-Key", "k-1"}
	tests := []struct {
		name    string
		method  string
		path    string
		body    string
		headers []string
		status  int
		code    string
	}{
		{"missing key", "POST", "/refunds", refundBody("rf-1", 100), nil, 400, "invalid_request"},
		{"not JSON", "POST", "/refunds", `{"refund_id":`, key, 400, "invalid_request"},
		{"empty body", "POST", "/refunds", ``, key, 400, "invalid_request"},
		{"unknown field", "POST", "/refunds", `{"refund_id":"a","txn_id":"t","amount":1,"extra":1}`, key, 400, "invalid_request"},
		{"two values", "POST", "/refunds", refundBody("rf-1", 100) + `{}`, key, 400, "invalid_request"},
		{"wrong type", "POST", "/refunds", `{"refund_id":"a","txn_id":"t","amount":"1"}`, key, 400, "invalid_request"},
		{"zero amount", "POST", "/refunds", refundBody("rf-1", 0), key, 400, "invalid_request"},
		{"bad refund id", "POST", "/refunds", refundBody("rf 1", 100), key, 400, "invalid_request"},
		{"bad currency", "POST", "/refunds", `{"refund_id":"a","txn_id":"t","amount":1,"currency":"yuan"}`, key, 400, "invalid_request"},
		{"too big", "POST", "/refunds", `{"refund_id":"` + strings.Repeat("a", 70<<10) + `"}`, key, 400, "invalid_request"},
		{"wrong method", "GET", "/refunds", ``, nil, 405, "method_not_allowed"},
		{"unknown route", "GET", "/nothing", ``, nil, 404, "not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := f.Do(t, tt.method, tt.path, tt.body, tt.headers...)
			if a.Status != tt.status || a.ErrorCode(t) != tt.code {
				t.Fatalf("%d %s, want %d %s", a.Status, a.Body, tt.status, tt.code)
			}
		})
	}
	// None of them made a refund: the key is still free.
	if a := f.Do(t, "POST", "/refunds", refundBody("rf-ok", 100), key...); a.Status != 200 || a.Header.Get("Idempotent-Replayed") != "" {
		t.Fatalf("first good call: %d %s", a.Status, a.Body)
	}
}

func TestRefundDefaultsCurrency(t *testing.T) {
	f := newFixture(t, nil)
	body := `{"refund_id":"rf-c","txn_id":"t","amount":1}`
	f.Do(t, "POST", "/refunds", body, "Idempotency-Key", "rf-c")
	// Naming the default currency is the same body.
	a := f.Do(t, "POST", "/refunds", `{"refund_id":"rf-c","txn_id":"t","amount":1,"currency":"CNY"}`, "Idempotency-Key", "rf-c")
	if a.Status != 200 || a.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("replay with explicit CNY: %d %s", a.Status, a.Body)
	}
	if got := f.p.Calls()[0].Kind; got != sandbox.KindRefund {
		t.Fatalf("kind %q", got)
	}
}
