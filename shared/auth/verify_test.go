package auth_test

import (
	"encoding/json"
	"errors"
	"strconv"
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
		{"fractional exp and iat", "Bearer " + hs(with("exp", float64(testNow.Unix())+3600.5, "iat", float64(testNow.Unix())+0.25)), testNow, user},
		{"exp in exponent form", "Bearer " + hs(with("exp", json.Number("1.7487828e9"), "iat", nil)), testNow, user},
		{"nbf passed", "Bearer " + hs(with("nbf", testNow.Add(-time.Minute).Unix())), testNow, user},
		{"nbf ahead within leeway", "Bearer " + hs(with("nbf", testNow.Add(20*time.Second).Unix())), testNow, user},
		{"lifetime the maximum", "Bearer " + hs(with("exp", testNow.Add(auth.DefaultMaxTTL).Unix())), testNow, user},
		{"no iat, exp the maximum ahead within leeway", "Bearer " + hs(with("iat", nil, "exp", testNow.Add(auth.DefaultMaxTTL+20*time.Second).Unix())), testNow, user},
		{"old iat, short time left", "Bearer " + hs(with("iat", testNow.Add(-23*time.Hour).Unix())), testNow, user},
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
		{"exp not a number", hs(with("exp", "tomorrow")), testNow, "malformed token: exp not a JSON number", false},
		{"exp a numeric string", hs(with("exp", strconv.FormatInt(testNow.Add(time.Hour).Unix(), 10))), testNow, "exp not a JSON number", false},
		{"iat a numeric string", hs(with("iat", strconv.FormatInt(testNow.Unix(), 10))), testNow, "iat not a JSON number", false},
		{"nbf a numeric string", hs(with("nbf", strconv.FormatInt(testNow.Unix(), 10))), testNow, "nbf not a JSON number", false},
		{"exp null", hs(with("exp", json.RawMessage("null"))), testNow, "exp not a JSON number", false},
		{"exp true", hs(with("exp", true)), testNow, "exp not a JSON number", false},
		{"exp an object", hs(with("exp", map[string]int{"s": 1})), testNow, "exp not a JSON number", false},
		{"exp negative", hs(with("exp", -1)), testNow, "exp out of range", false},
		{"exp past year 9999", hs(with("exp", 1e300)), testNow, "exp out of range", false},
		{"EXP in capitals is not exp", hs(with("exp", nil, "EXP", testNow.Add(time.Hour).Unix())), testNow, "no exp claim", false},
		{"not yet valid", hs(with("nbf", testNow.Add(time.Minute).Unix())), testNow, "not valid yet", false},
		{"issued in the future", hs(with("iat", testNow.Add(time.Minute).Unix())), testNow, "issued in the future", false},
		{"lifetime over the maximum", hs(with("exp", testNow.Add(auth.DefaultMaxTTL+time.Second).Unix())), testNow, "lifetime 24h0m1s (exp minus iat) longer than 24h0m0s", false},
		{"lifetime over the maximum, iat in the past", hs(with("iat", testNow.Add(-48*time.Hour).Unix())), testNow, "lifetime 49h0m0s", false},
		{"no iat, exp too far ahead", hs(with("iat", nil, "exp", testNow.Add(auth.DefaultMaxTTL+time.Minute).Unix())), testNow, "(exp minus now, no iat) longer than", false},
		{"sub not a string", hs(with("sub", 12)), testNow, "malformed token: sub not a string", false},
		{"store_id not a string", hs(with("role", "merchant", "store_id", []string{"s-1"})), testNow, "store_id not a string", false},
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

func TestVerifyRotatedSecrets(t *testing.T) {
	v, err := auth.NewVerifier(testSecret, otherSecret)
	if err != nil {
		t.Fatal(err)
	}
	thirdSecret := []byte("a third secret, on no line of the file")
	tests := []struct {
		name   string
		secret []byte
		ok     bool
	}{
		{"first line", testSecret, true},
		{"second line", otherSecret, true},
		{"no line", thirdSecret, false},
	}
	for _, tt := range tests {
		tok, err := auth.Sign(tt.secret, auth.Principal{Subject: "u-1", Role: auth.RoleUser}, time.Hour, testNow)
		if err != nil {
			t.Fatal(err)
		}
		_, err = v.Verify("Bearer "+tok, testNow)
		if tt.ok && err != nil {
			t.Errorf("%s: Verify: %v", tt.name, err)
		}
		if !tt.ok && (!errors.Is(err, auth.ErrUnauthorized) || !strings.Contains(err.Error(), "invalid signature")) {
			t.Errorf("%s: Verify error = %v, want an invalid signature", tt.name, err)
		}
	}
}

func TestVerifyWithMaxTTL(t *testing.T) {
	v := newVerifier(t)
	short := v.WithMaxTTL(2 * time.Hour)
	user := auth.Principal{Subject: "u-1", Role: auth.RoleUser}
	tests := []struct {
		name string
		v    *auth.Verifier
		ttl  time.Duration
		ok   bool
	}{
		{"at the maximum", short, 2 * time.Hour, true},
		{"over the maximum", short, 2*time.Hour + time.Second, false},
		{"the original keeps the default", v, 3 * time.Hour, true},
		{"0 is the default", v.WithMaxTTL(0), auth.DefaultMaxTTL, true},
		{"0 is the default, over it", v.WithMaxTTL(0), auth.DefaultMaxTTL + time.Second, false},
	}
	for _, tt := range tests {
		tok, err := auth.Sign(testSecret, user, tt.ttl, testNow)
		if err != nil {
			t.Fatal(err)
		}
		_, err = tt.v.Verify("Bearer "+tok, testNow)
		if tt.ok != (err == nil) || (err != nil && !strings.Contains(err.Error(), "lifetime")) {
			t.Errorf("%s: Verify error = %v, want ok %v", tt.name, err, tt.ok)
		}
	}
}

func TestNewVerifier(t *testing.T) {
	for name, keys := range map[string][][]byte{
		"short":               {testSecret[:auth.MinSecretSize-1]},
		"nil":                 {nil},
		"none":                nil,
		"second of two short": {testSecret, []byte("short")},
	} {
		if _, err := auth.NewVerifier(keys...); !errors.Is(err, auth.ErrWeakSecret) {
			t.Errorf("NewVerifier(%s) error = %v, want ErrWeakSecret", name, err)
		}
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
