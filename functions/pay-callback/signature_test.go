package function

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/signature"
)

// Verification with a fixed clock: only an authentic, fresh webhook gets
// past it, and a refused one changes nothing.
func TestSignatureVerification(t *testing.T) {
	at := time.Unix(1_800_000_000, 0)
	r := newRig(t, backends.Bolt(t), nil)
	fn := New(Deps{Orders: r.repo, Ledger: r.ledger, Refunds: r.refunds, Now: func() time.Time { return at },
		Secrets: fileSecrets(t, writeSecrets(t, "current\nold\n"), 0, func() time.Time { return at })})
	orderID := r.newOrder(t)
	body := []byte(`{"event_id":"evt-1","type":"payment.succeeded","order_id":"` + orderID +
		`","txn_id":"txn-1","amount":5800,"currency":"CNY"}`)
	sign := func(secret string, t time.Time, b []byte) string { return signature.Sign([]byte(secret), t, b) }
	good := sign("current", at, body)
	tests := []struct {
		name   string
		header string
		body   []byte
		ok     bool
	}{
		{"valid", good, body, true},
		{"tampered body", good, []byte(strings.Replace(string(body), "5800", "1", 1)), false},
		{"wrong secret", sign("guess", at, body), body, false},
		{"rotated: signed with the old secret", sign("old", at, body), body, true},
		{"missing header", "", body, false},
		{"stale t", sign("current", at.Add(-301*time.Second), body), body, false},
		{"t 300s old", sign("current", at.Add(-300*time.Second), body), body, true},
		{"future t", sign("current", at.Add(301*time.Second), body), body, false},
		{"several v1, one valid", "t=" + strconv.FormatInt(at.Unix(), 10) + ",v1=" + strings.Repeat("ab", 32) +
			"," + strings.TrimPrefix(good, "t="+strconv.FormatInt(at.Unix(), 10)+","), body, true},
		{"several v1, none valid", signature.Header([][]byte{[]byte("x"), []byte("y")}, at, body), body, false},
		{"malformed", "t=abc,v1=zz", body, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			refused := fn.Refused()
			req := handler.Request{Method: http.MethodPost, Body: tt.body,
				Header: http.Header{signature.HeaderName: {tt.header}}}
			req.WithContext(context.Background())
			resp, _ := fn.Handle(req)
			if got := resp.StatusCode != http.StatusUnauthorized; got != tt.ok {
				t.Fatalf("answered %d %s", resp.StatusCode, resp.Body)
			}
			if !tt.ok && (fn.Refused() != refused+1 || strings.Contains(string(resp.Body), "txn-1")) {
				t.Fatalf("refusal not counted, or the body echoed: %s", resp.Body)
			}
		})
	}
	o, _ := r.repo.Get(context.Background(), orderID)
	if o.Status() != order.StatusPaid || r.changes(t, orderID, order.EventPaid.String()) != 1 {
		t.Fatalf("order %s after the valid deliveries", o.Status())
	}
}

// A rotation written to the secret file is taken up without a restart.
func TestSecretsAreReread(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	dir := writeSecrets(t, "one\n")
	secrets := fileSecrets(t, dir, time.Second, func() time.Time { return now })
	got, err := secrets()
	if err != nil || len(got) != 1 {
		t.Fatalf("%q %v", got, err)
	}
	writeSecretsIn(t, dir, "two\none\n")
	now = now.Add(2 * time.Second)
	if got, _ := secrets(); len(got) != 2 || string(got[0]) != "two" {
		t.Fatalf("after rotation: %q", got)
	}
}
