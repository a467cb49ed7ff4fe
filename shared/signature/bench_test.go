package signature_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/signature"
)

// BenchmarkVerify measures the hot path of pay-callback: a 1 KiB body, a
// header with two v1 values, two secrets, the match on the last pair.
func BenchmarkVerify(b *testing.B) {
	now := time.Unix(1700000000, 0)
	body := []byte(`{"event_id":"evt-1","note":"` + strings.Repeat("x", 1000) + `"}`)
	signer := [][]byte{[]byte("unknown"), []byte("previous")}
	receiver := [][]byte{[]byte("current"), []byte("previous")}
	header := signature.Header(signer, now, body)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if err := signature.Verify(header, body, receiver, now, 0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSign measures signing one 1 KiB body with one secret.
func BenchmarkSign(b *testing.B) {
	now := time.Unix(1700000000, 0)
	body := []byte(`{"event_id":"evt-1","note":"` + strings.Repeat("x", 1000) + `"}`)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		_ = signature.Sign([]byte("current"), now, body)
	}
}
