package auth_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/ordercenter/ordercenter/shared/auth"
)

func TestVerifyAccepts(t *testing.T) {
	v := newVerifier(t)
	user := auth.Principal{Subject: "u-1", Role: auth.RoleUser}
	merchant := auth.Principal{Subject: "m-1", Role: auth.RoleMerchant, StoreID: "s-1"}
	rider := auth.Principal{Subject: "r-1", Role: auth.RoleRider}
	service := auth.Principal{Subject: "cs-1", Role: auth.RoleService}
	hs := func(c jwt.MapClaims) string { return raw(t, jwt.SigningMethodHS256, testSecret, c) }
	tests := []struct {
		name   string
		header string
		now    time.Time
		want   auth.Principal
	}{
		{"user", "Bearer " + sign(t, user), testNow, user},
		{"merchant", "Bearer " + sign(t, merchant), testNow, merchant},
		{"rider", "Bearer " + sign(t, rider), testNow, rider},
		{"service", "Bearer " + sign(t, service), testNow, service},
		{"lower-case scheme", "bearer " + sign(t, user), testNow, user},
		{"spaces around token", "Bearer  " + sign(t, user) + " ", testNow, user},
		{"expired within leeway", "Bearer " + sign(t, user), testNow.Add(time.Hour + 20*time.Second), user},
		{"issued just ahead of our clock", "Bearer " + sign(t, user), testNow.Add(-20 * time.Second), user},
		{"no iat", "Bearer " + hs(with("iat", nil)), testNow, user},
		{"store_id dropped for non-merchant", "Bearer " + hs(with("store_id", "s-9")), testNow, user},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := v.Verify(tt.header, tt.now)
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if got != tt.want {
				t.Errorf("Verify = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestVerifyRefuses(t *testing.T) {
	v := newVerifier(t)
	hs := func(c jwt.MapClaims) string { return "Bearer " + raw(t, jwt.SigningMethodHS256, testSecret, c) }
	valid := hs(claims())
	tests := []struct {
		name      string
		header    string
		now       time.Time
		reason    string
		principal bool // the error also wraps ErrInvalidPrincipal
	}{
		{"missing header", "", testNow, "no authorization header", false},
		{"no scheme", strings.TrimPrefix(valid, "Bearer "), testNow, "not a bearer", false},
		{"basic scheme", "Basic dTpw", testNow, "not a bearer", false},
		{"scheme only", "Bearer", testNow, "not a bearer", false},
		{"empty token", "Bearer   ", testNow, "malformed bearer token", false},
		{"two tokens", valid + " " + strings.TrimPrefix(valid, "Bearer "), testNow, "malformed bearer token", false},
		{"garbage", "Bearer garbage", testNow, "malformed token", false},
		{"garbage segments", "Bearer a.b.c", testNow, "malformed token", false},
		{"truncated signature", valid[:len(valid)-4], testNow, "invalid signature", false},
		{"wrong secret", "Bearer " + raw(t, jwt.SigningMethodHS256, otherSecret, claims()), testNow, "invalid signature", false},
		{"expired", valid, testNow.Add(time.Hour + time.Minute), "token expired", false},
		{"no exp", hs(with("exp", nil)), testNow, "no exp claim", false},
		{"exp not a number", hs(with("exp", "tomorrow")), testNow, "malformed token", false},
		{"not yet valid", hs(with("nbf", testNow.Add(time.Minute).Unix())), testNow, "not valid yet", false},
		{"issued in the future", hs(with("iat", testNow.Add(time.Minute).Unix())), testNow, "issued in the future", false},
		{"alg none", "Bearer " + raw(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, claims()), testNow, "signing method none refused", false},
		{"HS512", "Bearer " + raw(t, jwt.SigningMethodHS512, testSecret, claims()), testNow, "signing method HS512 refused", false},
		{"RS256", "Bearer " + raw(t, jwt.SigningMethodRS256, rsaKey, claims()), testNow, "signing method RS256 refused", false},
		{"unknown alg", "Bearer eyJhbGciOiJYWDk5IiwidHlwIjoiSldUIn0.e30.c2ln", testNow, "unknown or unspecified signing method", false},
		{"unknown role", hs(with("role", "admin")), testNow, `unknown role "admin"`, true},
		{"no role", hs(with("role", nil)), testNow, "unknown role", true},
		{"role not a string", hs(with("role", 7)), testNow, "malformed token", false},
		{"merchant without store_id", hs(with("role", "merchant")), testNow, "merchant without store_id", true},
		{"empty sub", hs(with("sub", "")), testNow, "empty subject", true},
		{"no sub", hs(with("sub", nil)), testNow, "empty subject", true},
		{"oversize", hs(with("pad", strings.Repeat("x", auth.MaxTokenSize))), testNow, "longer than", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := v.Verify(tt.header, tt.now)
			if !errors.Is(err, auth.ErrUnauthorized) {
				t.Fatalf("Verify = %+v, %v; want ErrUnauthorized", got, err)
			}
			if got != (auth.Principal{}) {
				t.Errorf("Verify returned principal %+v with its error", got)
			}
			if !strings.Contains(err.Error(), tt.reason) {
				t.Errorf("error %q does not say %q", err, tt.reason)
			}
			if errors.Is(err, auth.ErrInvalidPrincipal) != tt.principal {
				t.Errorf("errors.Is(%v, ErrInvalidPrincipal) = %v, want %v", err, !tt.principal, tt.principal)
			}
		})
	}
}

func TestVerifyTokenSizeLimit(t *testing.T) {
	v := newVerifier(t)
	base := raw(t, jwt.SigningMethodHS256, testSecret, with("pad", ""))
	pad := strings.Repeat("x", (auth.MaxTokenSize-len(base))*3/4-4)
	tok := raw(t, jwt.SigningMethodHS256, testSecret, with("pad", pad))
	if len(tok) > auth.MaxTokenSize || len(tok) < auth.MaxTokenSize-8 {
		t.Fatalf("test token is %d bytes, want just under %d", len(tok), auth.MaxTokenSize)
	}
	if _, err := v.Verify("Bearer "+tok, testNow); err != nil {
		t.Errorf("token of %d bytes refused: %v", len(tok), err)
	}
}

func TestNewVerifier(t *testing.T) {
	if _, err := auth.NewVerifier(testSecret[:auth.MinSecretSize-1]); !errors.Is(err, auth.ErrWeakSecret) {
		t.Errorf("NewVerifier(short) error = %v, want ErrWeakSecret", err)
	}
	if _, err := auth.NewVerifier(nil); !errors.Is(err, auth.ErrWeakSecret) {
		t.Errorf("NewVerifier(nil) error = %v, want ErrWeakSecret", err)
	}
	secret := append([]byte(nil), testSecret...)
	v, err := auth.NewVerifier(secret)
	if err != nil {
		t.Fatal(err)
	}
	tok := sign(t, auth.Principal{Subject: "u-1", Role: auth.RoleUser})
	secret[0] ^= 0xff // the Verifier keeps its own copy
	if _, err := v.Verify("Bearer "+tok, testNow); err != nil {
		t.Errorf("Verify after the caller changed its secret: %v", err)
	}
}
