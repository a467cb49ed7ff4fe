package httpapi

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/auth"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/secrets"
)

func TestActorFromToken(t *testing.T) {
	secret := []byte(strings.Repeat("k", 32))
	a, err := NewAuthenticator(secret)
	if err != nil {
		t.Fatal(err)
	}
	tok, _ := auth.Sign(secret, auth.Principal{Subject: "m-1", Role: auth.RoleMerchant, StoreID: "s-1"}, time.Hour, time.Now())
	req := handler.Request{Header: http.Header{"Authorization": {"Bearer " + tok}}}
	got, err := a.Actor(req)
	if err != nil || got != (order.Actor{Role: order.RoleMerchant, ID: "m-1", StoreID: "s-1"}) {
		t.Fatalf("actor %+v, %v", got, err)
	}
	other, _ := auth.Sign([]byte(strings.Repeat("x", 32)), auth.Principal{Subject: "u", Role: auth.RoleUser}, time.Hour, time.Now())
	for _, header := range []string{"", "Bearer nonsense", "Bearer " + other} {
		_, err := a.Actor(handler.Request{Header: http.Header{"Authorization": {header}}})
		var p *Problem
		if !errors.As(err, &p) || p.Code != CodeUnauthorized {
			t.Errorf("%q: %v, want 401", header, err)
		}
	}
}

func TestAuthenticatorFromSecretsAcceptsEveryLine(t *testing.T) {
	current, previous, retired := strings.Repeat("c", 32), strings.Repeat("p", 32), strings.Repeat("r", 32)
	dir := t.TempDir()
	file := "# current first\r\n" + current + "\r\n\n  " + previous + "  \n"
	if err := os.WriteFile(filepath.Join(dir, secrets.JWTSecret), []byte(file), 0o600); err != nil {
		t.Fatal(err)
	}
	a, err := AuthenticatorFromSecrets(dir, 2*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	user := auth.Principal{Subject: "u-1", Role: auth.RoleUser}
	signed := func(key string, ttl time.Duration) string {
		tok, err := auth.Sign([]byte(key), user, ttl, now)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	raw := func(c jwt.MapClaims) string {
		tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString([]byte(current))
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	tests := []struct {
		name  string
		token string
		ok    bool
	}{
		{"the current key", signed(current, time.Hour), true},
		{"the previous key", signed(previous, time.Hour), true},
		{"a retired key", signed(retired, time.Hour), false},
		{"longer than MAX_TOKEN_TTL", signed(current, 3*time.Hour), false},
		{"exp a string", raw(jwt.MapClaims{"sub": "u-1", "role": "user", "exp": strconv.FormatInt(now.Add(time.Hour).Unix(), 10)}), false},
		{"nbf ahead", raw(jwt.MapClaims{"sub": "u-1", "role": "user", "exp": now.Add(time.Hour).Unix(), "nbf": now.Add(time.Hour).Unix()}), false},
	}
	for _, tt := range tests {
		got, err := a.Actor(handler.Request{Header: http.Header{"Authorization": {"Bearer " + tt.token}}})
		if tt.ok {
			if err != nil || got != (order.Actor{Role: order.RoleUser, ID: "u-1"}) {
				t.Errorf("%s: actor %+v, %v", tt.name, got, err)
			}
			continue
		}
		var p *Problem
		if !errors.As(err, &p) || p.Code != CodeUnauthorized || p.Message != "missing or invalid bearer token" {
			t.Errorf("%s: %v, want the one 401", tt.name, err)
		}
	}
}

func TestAuthenticatorFromSecretsFailsAsItsFirstRead(t *testing.T) {
	dir := t.TempDir()
	if _, err := AuthenticatorFromSecrets(dir, 0); !errors.Is(err, secrets.ErrMissing) {
		t.Errorf("no file: %v, want ErrMissing", err)
	}
	file := strings.Repeat("k", 32) + "\nshort\n"
	if err := os.WriteFile(filepath.Join(dir, secrets.JWTSecret), []byte(file), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := AuthenticatorFromSecrets(dir, 0); !errors.Is(err, auth.ErrWeakSecret) {
		t.Errorf("a weak second key: %v, want ErrWeakSecret", err)
	}
}

// BenchmarkActor measures the check of every authenticated call, with the
// keys given (NewAuthenticator) and read from a file that is watched for
// rotation (AuthenticatorFromSecrets).
func BenchmarkActor(b *testing.B) {
	key := strings.Repeat("k", 32)
	dir := b.TempDir()
	if err := os.WriteFile(filepath.Join(dir, secrets.JWTSecret), []byte(key+"\n"+strings.Repeat("o", 32)+"\n"), 0o600); err != nil {
		b.Fatal(err)
	}
	static, _ := NewAuthenticator([]byte(key))
	fromFile, err := AuthenticatorFromSecrets(dir, 0)
	if err != nil {
		b.Fatal(err)
	}
	tok, _ := auth.Sign([]byte(key), auth.Principal{Subject: "u-1", Role: auth.RoleUser}, time.Hour, time.Now())
	req := handler.Request{Header: http.Header{"Authorization": {"Bearer " + tok}}}
	for name, a := range map[string]*Authenticator{"NewAuthenticator": static, "AuthenticatorFromSecrets": fromFile} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := a.Actor(req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
