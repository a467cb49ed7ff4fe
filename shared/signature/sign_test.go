package signature_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/signature"
)

// golden computes v1 the way contract section 7 spells it, independently
// of the package: hex(HMAC-SHA256(secret, t + "." + body)).
func golden(secret, ts, body string) string {
	h := hmac.New(sha256.New, []byte(secret))
	h.Write([]byte(ts + "." + body))
	return hex.EncodeToString(h.Sum(nil))
}

func TestSignGolden(t *testing.T) {
	at := time.Unix(1700000000, 999_000_000).In(time.FixedZone("CST", 8*3600))
	tests := []struct {
		name   string
		secret string
		body   string
	}{
		{"payment", "whsec_test", `{"event_id":"evt-1","type":"payment.succeeded","amount":5800}`},
		{"empty body", "whsec_test", ``},
		{"binary secret", "\x00\xff\x10", `{}`},
		{"unicode body", "k", `{"note":"牛肉面"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := "t=1700000000,v1=" + golden(tt.secret, "1700000000", tt.body)
			got := signature.Sign([]byte(tt.secret), at, []byte(tt.body))
			if got != want {
				t.Fatalf("Sign = %q, want %q", got, want)
			}
		})
	}
}

func TestSignKnownVector(t *testing.T) {
	// From outside Go: printf '1700000000.{}' | openssl dgst -sha256 -hmac secret
	const want = "t=1700000000,v1=b8569b78799ff9e3cbff0fc2d63a33a2b57f3282abd07c37ae5e8e7d79a5f163"
	if got := signature.Sign([]byte("secret"), time.Unix(1700000000, 0), []byte("{}")); got != want {
		t.Fatalf("Sign = %q, want %q", got, want)
	}
}

func TestHeaderRotation(t *testing.T) {
	at := time.Unix(1700000000, 0)
	body := `{"event_id":"evt-2"}`
	tests := []struct {
		name    string
		secrets []string
		want    string
	}{
		{"one", []string{"new"}, fmt.Sprintf("t=1700000000,v1=%s", golden("new", "1700000000", body))},
		{"two in order", []string{"new", "old"}, fmt.Sprintf("t=1700000000,v1=%s,v1=%s",
			golden("new", "1700000000", body), golden("old", "1700000000", body))},
		{"empty skipped", []string{"", "old"}, fmt.Sprintf("t=1700000000,v1=%s", golden("old", "1700000000", body))},
		{"none", nil, "t=1700000000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var secrets [][]byte
			for _, s := range tt.secrets {
				secrets = append(secrets, []byte(s))
			}
			if got := signature.Header(secrets, at, []byte(body)); got != tt.want {
				t.Fatalf("Header = %q, want %q", got, tt.want)
			}
		})
	}
}
