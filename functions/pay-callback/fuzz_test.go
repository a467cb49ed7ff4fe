package function

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/signature"
)

// FuzzDecode feeds arbitrary bodies to the payload decoder: it never
// panics, refuses only with a 400 Problem, and what it accepts is a
// notification the rest of the function can rely on.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{`{}`, `[]`, `null`, `{"event_id":"e","type":"payment.succeeded","order_id":"o","txn_id":"t","amount":1}`,
		`{"event_id":"e","type":"refund.failed","refund_id":"r-1","amount":0,"currency":"USD"}`,
		`{"event_id":"e","type":"payment.failed","order_id":"o","txn_id":"t","amount":-1}`,
		`{"event_id":"e","occurred_at":"yesterday"}`, `{"amount":1e99}`, "\xff"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		n, err := Decode(body)
		if err != nil {
			var p *httpapi.Problem
			if !errors.As(err, &p) || p.Code != httpapi.CodeInvalidRequest {
				t.Fatalf("Decode error %v is not a 400 problem", err)
			}
			return
		}
		if n.EventID == "" || len(n.EventID) > maxIDLen || n.Amount < 0 || len(n.Currency) != 3 {
			t.Fatalf("accepted %+v", n)
		}
		if n.IsPayment() && (n.OrderID == "" || n.TxnID == "") {
			t.Fatalf("accepted a payment without order or txn: %+v", n)
		}
		if !n.IsPayment() && !order.ValidRefundID(n.RefundID) {
			t.Fatalf("accepted a refund notification without a refund id: %+v", n)
		}
	})
}

// FuzzSignatureHeader feeds arbitrary Pay-Signature headers to the
// function's verification: nothing but a header signed with a configured
// secret gets through, and every refusal is a 401 (ErrInvalid).
func FuzzSignatureHeader(f *testing.F) {
	at := time.Unix(1_800_000_000, 0)
	body := []byte(`{"event_id":"e"}`)
	good := signature.Sign([]byte("current"), at, body)
	for _, s := range []string{"", good, good + ",v1=" + strings.Repeat("0", 64), "t=1800000000",
		"t=1800000000,v1=zz", strings.Repeat("t=1,", 20), "v1=" + strings.Repeat("a", 64) + ",t=1800000000"} {
		f.Add(s)
	}
	v := &verifier{secrets: func() ([][]byte, error) { return [][]byte{[]byte("current")}, nil },
		now: func() time.Time { return at }}
	f.Fuzz(func(t *testing.T, header string) {
		err := v.verify(context.Background(), header, body)
		if err != nil && !errors.Is(err, signature.ErrInvalid) {
			t.Fatalf("verify(%q) = %v, not ErrInvalid", header, err)
		}
		if err == nil && !strings.Contains(strings.ToLower(header), good[strings.Index(good, "v1="):]) {
			t.Fatalf("verify accepted %q without the valid v1", header)
		}
	})
}
